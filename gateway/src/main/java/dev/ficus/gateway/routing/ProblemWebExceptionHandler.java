package dev.ficus.gateway.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.rules.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Answers every error on the proxy port with an RFC 9457 {@code application/problem+json} body: no route (404),
 * upstream unreachable (502), upstream too slow (504), anything else (500, details only in the log).
 *
 * <p>The body names the route and the side that failed, never internal exception text.
 */
@Order(-2) // before Spring Boot's DefaultErrorWebExceptionHandler (-1)
public final class ProblemWebExceptionHandler implements WebExceptionHandler {

    /** Problem type URIs; stable, so clients and dashboards can match on them. */
    public static final String TYPE_NO_ROUTE = "urn:ficus:problem:no-route";
    public static final String TYPE_UPSTREAM_UNAVAILABLE = "urn:ficus:problem:upstream-unavailable";
    public static final String TYPE_UPSTREAM_TIMEOUT = "urn:ficus:problem:upstream-timeout";
    public static final String TYPE_UPSTREAM_FAILED = "urn:ficus:problem:upstream-failed";
    public static final String TYPE_CIRCUIT_OPEN = "urn:ficus:problem:circuit-open";
    public static final String TYPE_BAD_REQUEST = "urn:ficus:problem:bad-request";
    public static final String TYPE_INTERNAL = "urn:ficus:problem:internal";

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ObjectMapper json;

    public ProblemWebExceptionHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        Map<String, Object> problem = error instanceof UpstreamFailureException failure
                ? describe(exchange, failure) : describe(exchange, error);
        if (error instanceof UpstreamFailureException failure && failure.retryAfter() != null) {
            response.getHeaders().set("Retry-After", Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
        }
        response.setStatusCode(HttpStatusCode.valueOf((Integer) problem.get("status")));
        response.getHeaders().setContentType(PROBLEM_JSON);
        response.getHeaders().remove("Content-Length");
        byte[] body;
        try {
            body = json.writeValueAsBytes(problem);
        }
        catch (JsonProcessingException impossible) {
            return Mono.error(impossible);
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private Map<String, Object> describe(ServerWebExchange exchange, UpstreamFailureException failure) {
        ServerHttpRequest request = exchange.getRequest();
        log.warn("{} {} failed on route {} ({} {}): {}", request.getMethod().name(), request.getPath().value(),
                failure.routeId(), failure.status().value(), failure.side().id(), failure.getMessage());
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", failure.type());
        problem.put("title", failure.status().getReasonPhrase());
        problem.put("status", failure.status().value());
        problem.put("detail", failure.getMessage());
        problem.put("instance", request.getPath().value());
        problem.put("route", failure.routeId());
        problem.put("side", failure.side().id());
        return problem;
    }

    private Map<String, Object> describe(ServerWebExchange exchange, Throwable error) {
        ServerHttpRequest request = exchange.getRequest();
        String routeId = exchange.getAttribute(FicusExchangeAttributes.ROUTE_ID);
        Side side = exchange.getAttribute(FicusExchangeAttributes.SERVED_SIDE);
        String where = side == null ? "upstream" : side.id() + " upstream";
        String ofRoute = routeId == null ? "" : " of route " + routeId;

        String type;
        String title;
        HttpStatus status;
        String detail;
        if (error instanceof ResponseStatusException statusError && routeId == null) {
            status = HttpStatus.resolve(statusError.getStatusCode().value());
            if (status == HttpStatus.NOT_FOUND) {
                type = TYPE_NO_ROUTE;
                title = "No route";
                detail = "No route matches " + request.getMethod().name() + " " + request.getPath().value();
            }
            else {
                type = status != null && status.is4xxClientError() ? TYPE_BAD_REQUEST : TYPE_INTERNAL;
                title = status == null ? "Error" : status.getReasonPhrase();
                detail = statusError.getReason();
            }
        }
        else if (isTimeout(error)) {
            type = TYPE_UPSTREAM_TIMEOUT;
            title = "Upstream timeout";
            status = HttpStatus.GATEWAY_TIMEOUT;
            detail = "The " + where + ofRoute + " did not answer in time";
        }
        else if (error instanceof ConnectException || error instanceof IOException
                || error.getCause() instanceof IOException) {
            type = TYPE_UPSTREAM_UNAVAILABLE;
            title = "Upstream unavailable";
            status = HttpStatus.BAD_GATEWAY;
            detail = "The " + where + ofRoute + " could not be reached or closed the connection";
        }
        else if (error instanceof ResponseStatusException statusError) {
            status = HttpStatus.resolve(statusError.getStatusCode().value());
            type = status == HttpStatus.NOT_FOUND ? TYPE_NO_ROUTE : TYPE_INTERNAL;
            title = status == null ? "Error" : status.getReasonPhrase();
            detail = statusError.getReason();
        }
        else {
            type = TYPE_INTERNAL;
            title = "Internal error";
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "The gateway failed to handle the request" + ofRoute;
        }
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.is5xxServerError()) {
            log.warn("{} {} failed{} ({}): {}", request.getMethod().name(), request.getPath().value(), ofRoute,
                    status.value(), error.toString());
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getPath().value());
        if (routeId != null) {
            problem.put("route", routeId);
        }
        if (side != null) {
            problem.put("side", side.id());
        }
        return problem;
    }

    private static boolean isTimeout(Throwable error) {
        if (error instanceof TimeoutException || error instanceof io.netty.channel.ConnectTimeoutException) {
            return true;
        }
        return error instanceof ResponseStatusException statusError
                && statusError.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
    }
}
