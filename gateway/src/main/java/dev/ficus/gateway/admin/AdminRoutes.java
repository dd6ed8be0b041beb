package dev.ficus.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.gateway.rollout.RolloutRuntime;
import dev.ficus.gateway.rollout.UnknownRolloutException;
import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.rules.rollout.RolloutPlan;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

/**
 * The admin HTTP API, served only on the management port:
 *
 * <pre>
 * GET  /admin/routes                  viewer    every route with weight and ETag
 * GET  /admin/routes/{id}             viewer    one route; ETag header
 * PUT  /admin/routes/{id}/weight      operator  {"weight": 25, "reason": "…"} with If-Match
 * POST /admin/rollback                operator  {"routes": ["a"], "reason": "…"} (optional): weight 0, one swap
 * GET  /admin/audit?route=&amp;limit=     viewer    accepted changes, newest first
 * GET  /admin/routes/{id}/rollout     viewer    the route's rollout: state, step, gates, history
 * POST /admin/routes/{id}/rollout     operator  start one (201); 409 when one is active
 * POST /admin/routes/{id}/rollout/pause|resume|promote|abort  operator  operator moves; 409 when illegal
 * </pre>
 *
 * Every error is {@code application/problem+json}.
 */
final class AdminRoutes {

    static final int DEFAULT_AUDIT_LIMIT = 100;
    static final int MAX_AUDIT_LIMIT = 1000;

    /** Request attribute key of the authenticated {@link AdminAuthenticator.Caller}. */
    private static final String CALLER_ATTRIBUTE = "ficus.admin.caller";

    private final RouteWeights weights;
    private final AuditLog audit;
    private final AdminAuthenticator authenticator;
    private final AdminRequests requests;

    private final dev.ficus.gateway.resilience.RouteBreakers breakers;
    private final RolloutRuntime rollouts;
    private final dev.ficus.gateway.observability.TrafficWindows traffic;
    private final java.time.Duration trafficSpan;

    AdminRoutes(RouteWeights weights, AuditLog audit, AdminAuthenticator authenticator, ObjectMapper json,
            dev.ficus.gateway.resilience.RouteBreakers breakers, RolloutRuntime rollouts,
            dev.ficus.gateway.observability.TrafficWindows traffic, java.time.Duration trafficSpan) {
        this.traffic = traffic;
        this.trafficSpan = trafficSpan;
        this.breakers = breakers;
        this.rollouts = rollouts;
        this.weights = weights;
        this.audit = audit;
        this.authenticator = authenticator;
        this.requests = new AdminRequests(json);
    }

    RouterFunction<ServerResponse> router() {
        RouterFunction<ServerResponse> reads = RouterFunctions.route()
                .GET("/admin/routes", this::list)
                .GET("/admin/routes/{id}", this::get)
                .GET("/admin/audit", this::audit)
                .GET("/admin/routes/{id}/rollout", this::rollout)
                .filter(requiring(Role.VIEWER))
                .build();
        RouterFunction<ServerResponse> writes = RouterFunctions.route()
                .PUT("/admin/routes/{id}/weight", this::setWeight)
                .POST("/admin/rollback", this::rollback)
                .POST("/admin/routes/{id}/rollout", this::startRollout)
                .POST("/admin/routes/{id}/rollout/pause", request -> rolloutMove(request, rollouts::pause))
                .POST("/admin/routes/{id}/rollout/resume", request -> rolloutMove(request, rollouts::resume))
                .POST("/admin/routes/{id}/rollout/promote", request -> rolloutMove(request, rollouts::promote))
                .POST("/admin/routes/{id}/rollout/abort", request -> rolloutMove(request, rollouts::abort))
                .filter(requiring(Role.OPERATOR))
                .build();
        return reads.and(writes).filter(this::answerProblems);
    }

    private Mono<ServerResponse> list(ServerRequest request) {
        return ok(weights.routes().stream().map(route -> view(route)).toList());
    }

    private Mono<ServerResponse> get(ServerRequest request) {
        return Mono.fromCallable(() -> weights.route(request.pathVariable("id"))).flatMap(this::routeResponse);
    }

    private Mono<ServerResponse> setWeight(ServerRequest request) {
        String id = request.pathVariable("id");
        String ifMatch = request.headers().firstHeader(HttpHeaders.IF_MATCH);
        String actor = actor(request);
        return request.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> blocking(() -> {
                    weights.route(id);
                    if (ifMatch == null || ifMatch.isBlank()) {
                        throw AdminProblem.preconditionRequired(id);
                    }
                    AdminRequests.WeightChange change = requests.weightChange(body);
                    return weights.setWeight(id, ifMatch, change.weight(), change.reason(), actor);
                }))
                .flatMap(this::routeResponse);
    }

    private Mono<ServerResponse> rollback(ServerRequest request) {
        String actor = actor(request);
        return request.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> blocking(() -> {
                    AdminRequests.Rollback rollback = requests.rollback(body);
                    String reason = rollback.reason() == null ? "rollback" : rollback.reason();
                    return weights.rollback(rollback.routes(), reason, actor);
                }))
                .flatMap(routes -> ok(Map.of("routes", routes.stream().map(route -> view(route)).toList())));
    }

    private RouteView view(CompiledRoute route) {
        return RouteView.of(route, breakers, rollouts.rollout(route.id()).map(RolloutView.Summary::of).orElse(null),
                traffic.view(route.id(), trafficSpan));
    }

    private Mono<ServerResponse> rollout(ServerRequest request) {
        String id = request.pathVariable("id");
        return Mono.fromCallable(() -> rolloutView(id)).flatMap(AdminRoutes::ok);
    }

    private Mono<ServerResponse> startRollout(ServerRequest request) {
        String id = request.pathVariable("id");
        String actor = actor(request);
        return request.bodyToMono(String.class).defaultIfEmpty("")
                .flatMap(body -> blocking(() -> {
                    RolloutPlan plan = requests.rolloutPlan(weights.route(id), body);
                    return rolloutCall(id, () -> rollouts.start(id, plan, actor));
                }))
                .flatMap(view -> ServerResponse.created(URI.create("/admin/routes/" + id + "/rollout"))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(view));
    }

    private Mono<ServerResponse> rolloutMove(ServerRequest request, BiFunction<String, String, ?> move) {
        String id = request.pathVariable("id");
        String actor = actor(request);
        return blocking(() -> rolloutCall(id, () -> move.apply(id, actor))).flatMap(AdminRoutes::ok);
    }

    /** Runs a rollout call and answers with the view; the runtime's refusals become problems. */
    private RolloutView rolloutCall(String id, Runnable call) {
        try {
            call.run();
        }
        catch (UnknownRolloutException e) {
            throw AdminProblem.unknownRollout(id, e.getMessage());
        }
        catch (IllegalStateException e) {
            throw AdminProblem.rolloutConflict(id, e.getMessage());
        }
        return rolloutView(id);
    }

    private RolloutView rolloutView(String id) {
        weights.route(id);
        return rollouts.rollout(id).map(rollout -> RolloutView.of(id, rollout))
                .orElseThrow(() -> AdminProblem.unknownRollout(id, new UnknownRolloutException(id).getMessage()));
    }

    private static String actor(ServerRequest request) {
        return ((AdminAuthenticator.Caller) request.attribute(CALLER_ATTRIBUTE).orElseThrow()).name();
    }

    private Mono<ServerResponse> audit(ServerRequest request) {
        String route = request.queryParam("route").filter(value -> !value.isBlank()).orElse(null);
        int limit = limit(request.queryParam("limit").orElse(null));
        return blocking(() -> audit.newest(route, limit)).flatMap(entries -> ok(Map.of("entries", entries)));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_AUDIT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_AUDIT_LIMIT) {
                return limit;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw AdminProblem.badRequest("limit", "limit: " + text + " (expected: an integer 1.." + MAX_AUDIT_LIMIT
                + ", default " + DEFAULT_AUDIT_LIMIT + ")");
    }

    private Mono<ServerResponse> routeResponse(CompiledRoute route) {
        RouteView view = view(route);
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).eTag(view.etag()).bodyValue(view);
    }

    private static Mono<ServerResponse> ok(Object body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    }

    /** File I/O and the write lock stay off the event loop. */
    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }

    private HandlerFilterFunction<ServerResponse, ServerResponse> requiring(Role role) {
        return (request, next) -> {
            AdminAuthenticator.Caller caller = authenticator
                    .authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))
                    .orElseThrow(() -> AdminProblem.unauthorized(authenticator.hasTokens()
                            ? "Authorization: missing or unknown bearer token (expected: Bearer <ficus.admin.tokens[].token>)"
                            : "Authorization: no admin tokens are configured (expected: ficus.admin.tokens)"));
            if (!caller.role().allows(role)) {
                throw AdminProblem.forbidden("role: " + caller.role().name().toLowerCase(Locale.ROOT)
                        + " (expected: " + role.name().toLowerCase(Locale.ROOT) + " for "
                        + request.method().name() + " " + request.path() + ")");
            }
            request.attributes().put(CALLER_ATTRIBUTE, caller);
            return next.handle(request);
        };
    }

    private Mono<ServerResponse> answerProblems(ServerRequest request,
            HandlerFunction<ServerResponse> next) {
        Mono<ServerResponse> response;
        try {
            response = next.handle(request);
        }
        catch (AdminProblem problem) {
            return problem(request, problem);
        }
        return response.onErrorResume(AdminProblem.class, problem -> problem(request, problem));
    }

    private Mono<ServerResponse> problem(ServerRequest request, AdminProblem problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.status().getReasonPhrase());
        body.put("status", problem.status().value());
        body.put("detail", problem.getMessage());
        body.put("instance", request.path());
        body.putAll(problem.extensions());
        ServerResponse.BodyBuilder response = ServerResponse.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.status().value() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ficus-admin\"");
        }
        return response.bodyValue(body);
    }

}
