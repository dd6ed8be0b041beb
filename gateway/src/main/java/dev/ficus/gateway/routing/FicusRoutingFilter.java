package dev.ficus.gateway.routing;

import dev.ficus.rules.Decision;
import dev.ficus.rules.Side;
import dev.ficus.rules.TrafficDecider;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.URI;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.addOriginalRequestUrl;

/**
 * Decides once per request which side answers, then points Spring Cloud Gateway's routing filters (HTTP and
 * WebSocket) at that side: the request URL and the side's timeouts.
 *
 * <p>Runs right after {@link RouteToRequestUrlFilter}, so it overrides the URL that filter derived from the route's
 * placeholder URI. The decision reads the routing table snapshot once; a weight change that happens while the
 * request is in flight does not move it.
 */
public final class FicusRoutingFilter implements GatewayFilter, Ordered {

    /** Right after the route URL is set, before the load balancer and routing filters. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

    public static final String ROUTE_HEADER = "X-Ficus-Route";
    public static final String TARGET_HEADER = "X-Ficus-Target";
    public static final String FALLBACK_HEADER = "X-Ficus-Fallback";

    private final RoutingTableHolder tables;
    private final TrafficDecider decider;
    private final boolean responseHeaders;

    public FicusRoutingFilter(RoutingTableHolder tables, TrafficDecider decider, boolean responseHeaders) {
        this.tables = tables;
        this.decider = decider;
        this.responseHeaders = responseHeaders;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route matched = exchange.getRequiredAttribute(GATEWAY_ROUTE_ATTR);
        CompiledRoute route = tables.current().route(matched.getId());
        if (route == null) {
            // The catalogue was replaced between matching and here; the route no longer exists.
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "route removed"));
        }
        ServerHttpRequest request = exchange.getRequest();
        Decision decision = decider.decide(route.rule(), new ExchangeRequestView(request));
        Side side = decision.side();
        exchange.getAttributes().put(FicusExchangeAttributes.ROUTE_ID, route.id());
        exchange.getAttributes().put(FicusExchangeAttributes.ROUTE, route);
        exchange.getAttributes().put(FicusExchangeAttributes.DECISION, decision);
        if (!route.definition().rewrite().isNone()) {
            addOriginalRequestUrl(exchange, request.getURI());
        }
        pointAt(exchange, route, side);
        if (responseHeaders) {
            exchange.getResponse().beforeCommit(() -> addFicusHeaders(exchange));
        }
        return chain.filter(exchange);
    }

    /**
     * Points Spring Cloud Gateway's routing filters at {@code side} of {@code route}: the upstream URL (rewritten
     * path, raw query) and the side's timeouts. Called again by the resilience filter for a fallback.
     */
    public static void pointAt(ServerWebExchange exchange, CompiledRoute route, Side side) {
        URI original = exchange.getRequest().getURI();
        String rawPath = original.getRawPath();
        if (!route.definition().rewrite().isNone()) {
            rawPath = route.definition().rewrite().apply(rawPath);
        }
        CompiledRoute.SideTarget target = route.target(side);
        exchange.getAttributes().put(FicusExchangeAttributes.SERVED_SIDE, side);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, target.resolve(rawPath, original.getRawQuery()));
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, target.gatewayRoute());
    }

    /** Set at commit time, so they name the side that finally served (after any fallback). */
    private static Mono<Void> addFicusHeaders(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getResponse().getHeaders();
        String routeId = exchange.getAttribute(FicusExchangeAttributes.ROUTE_ID);
        Side served = exchange.getAttribute(FicusExchangeAttributes.SERVED_SIDE);
        if (routeId != null) {
            headers.set(ROUTE_HEADER, routeId);
        }
        if (served != null) {
            headers.set(TARGET_HEADER, served.id());
        }
        if (exchange.getAttribute(FicusExchangeAttributes.FALLBACK_REASON) != null) {
            headers.set(FALLBACK_HEADER, "true");
        }
        return Mono.empty();
    }
}
