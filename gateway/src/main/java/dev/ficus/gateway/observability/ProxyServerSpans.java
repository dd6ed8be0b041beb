package dev.ficus.gateway.observability;

import dev.ficus.gateway.routing.FicusExchangeAttributes;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;

import java.util.Locale;

/**
 * The server span of each request on the proxy port, made with the tracer directly: started when the request
 * arrives (continuing the client's {@code traceparent}, or starting a trace), kept on the exchange under
 * {@link #ATTRIBUTE}, written to the upstream request by {@link TraceContextHeadersFilter}, tagged by the traffic
 * observers and ended when the response is committed (or the client went away).
 *
 * <p>Spring's server observation ({@code http.server.requests}) is not made for proxied requests (see
 * {@link dev.ficus.gateway.routing.ProxyPort}): its timer only ever said {@code uri="UNKNOWN"} for them,
 * {@code ficus.requests} counts the same requests by route, side and outcome, and the observation with its timer and
 * span allocated 7.8 KB per request where this span allocates 3.9 KB (JFR in paired {@code load-tests/bench/ab.sh}
 * runs). The span keeps what the observation's span had: name {@code http <method>}, kind server, tags
 * {@code method}, {@code status}, {@code outcome}, {@code exception}, {@code uri} (the route's path pattern, never the
 * raw path) and {@code http.url}.
 *
 * <p>Not used when Spring Cloud Gateway's client observation is switched on
 * ({@code spring.cloud.gateway.server.webflux.observability.enabled=true}): its client spans need Spring's server
 * observation as their parent, so proxied requests keep that observation then.
 */
public final class ProxyServerSpans {

    /** Exchange attribute holding the request's server {@link Span}; absent with tracing off. */
    public static final String ATTRIBUTE = "ficus.serverSpan";

    private final Propagator propagator;

    /** @param propagator the tracer's propagator: it extracts the client's context and starts spans in its tracer */
    public ProxyServerSpans(Propagator propagator) {
        this.propagator = propagator;
    }

    /** Starts the span of {@code exchange}'s request and keeps it on the exchange. */
    void start(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        Span span = propagator.extract(request.getHeaders(), HttpHeaders::getFirst)
                .kind(Span.Kind.SERVER)
                .name(spanName(request.getMethod().name()))
                .start();
        exchange.getAttributes().put(ATTRIBUTE, span);
    }

    /** {@code http <method>}, without building the string on every request for the usual methods. */
    static String spanName(String method) {
        return switch (method) {
            case "GET" -> "http get";
            case "HEAD" -> "http head";
            case "POST" -> "http post";
            case "PUT" -> "http put";
            case "PATCH" -> "http patch";
            case "DELETE" -> "http delete";
            case "OPTIONS" -> "http options";
            case "TRACE" -> "http trace";
            default -> "http " + method.toLowerCase(Locale.ROOT);
        };
    }

    /** Ends the span of a request the traffic observers have seen (they add Ficus's own tags first). */
    void end(CompletedRequest request) {
        Span span = of(request.exchange());
        if (span == null) {
            return;
        }
        if (!span.isNoop()) {
            ServerWebExchange exchange = request.exchange();
            Throwable error = exchange.getAttribute(ExceptionHandlingWebHandler.HANDLED_WEB_EXCEPTION);
            String template = exchange.getAttribute(FicusExchangeAttributes.PATH_TEMPLATE);
            span.tag("method", request.method());
            span.tag("status", Integer.toString(request.status()));
            span.tag("outcome", outcome(request.status()));
            span.tag("exception", error == null ? "none" : error.getClass().getSimpleName());
            span.tag("uri", template != null ? template : request.status() == 404 ? "NOT_FOUND" : "UNKNOWN");
            span.tag("http.url", exchange.getRequest().getPath().value());
            if (error != null) {
                span.error(error);
            }
        }
        span.end();
    }

    /**
     * The server span of {@code exchange}, or {@code null} (tracing off, or not a proxied request). With Spring Cloud
     * Gateway's client observation switched on, proxied requests keep Spring's server observation (so that client
     * spans have it as their parent), and its span is returned instead.
     */
    public static Span of(ServerWebExchange exchange) {
        Span own = exchange.getAttribute(ATTRIBUTE);
        if (own != null) {
            return own;
        }
        ServerRequestObservationContext observation = ServerRequestObservationContext
                .findCurrent(exchange.getAttributes()).orElse(null);
        TracingObservationHandler.TracingContext tracing = observation == null ? null
                : observation.get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    /** As Spring's server observation names it. */
    private static String outcome(int status) {
        if (status == RequestCompletionFilter.CLIENT_CLOSED) {
            return "UNKNOWN";
        }
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }
}
