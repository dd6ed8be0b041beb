package dev.ficus.gateway.observability;

import dev.ficus.gateway.routing.EdgeForwardedHeadersFilter;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the gateway's server span into the upstream request ({@code traceparent}, {@code tracestate} and whatever
 * else the configured propagator carries), so the upstream continues the trace with the gateway's span as its
 * parent.
 *
 * <p>Ficus uses this instead of Spring Cloud Gateway's client observation
 * ({@code spring.cloud.gateway.server.webflux.observability.enabled}, off by default in Ficus), which opens a client
 * span and a timer per upstream call and cost about a quarter of the proxy's CPU per request (benchmark); the
 * decision, the served side and the fallback are attributes of the server span instead (see
 * {@link SpanAttributesObserver}). Without a tracer (tracing off) or a server span ({@link ProxyServerSpans}), headers
 * pass unchanged.
 */
public final class TraceContextHeadersFilter implements HttpHeadersFilter, Ordered {

    private final Propagator propagator;

    /** @param propagator the tracer's propagator; {@code null} when tracing is off */
    public TraceContextHeadersFilter(Propagator propagator) {
        this.propagator = propagator;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        TraceContext context = propagator == null ? null : serverSpanContext(exchange);
        if (context == null) {
            return input;
        }
        // The forwarded-headers filter's output is already a private, writable copy: add to it, do not copy again.
        HttpHeaders out = input;
        if (!EdgeForwardedHeadersFilter.isWritableCopy(input)) {
            out = new HttpHeaders();
            out.putAll(input);
        }
        propagator.inject(context, out, HttpHeaders::set);
        return out;
    }

    private static TraceContext serverSpanContext(ServerWebExchange exchange) {
        Span span = ProxyServerSpans.of(exchange);
        return span == null ? null : span.context();
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    /** After the forwarding headers, so nothing replaces what it writes. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
