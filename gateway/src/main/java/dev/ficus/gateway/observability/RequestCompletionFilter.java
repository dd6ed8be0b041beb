package dev.ficus.gateway.observability;

import dev.ficus.gateway.routing.ProxyPort;
import dev.ficus.gateway.resilience.FailureReason;
import dev.ficus.gateway.routing.FicusExchangeAttributes;
import dev.ficus.rules.Decision;
import dev.ficus.rules.Side;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every request on the proxy port once: when its response is committed, which also covers the problem
 * responses the exception handler writes after the filter chain failed, or when the client cancels first. Runs
 * outermost, so the duration covers the whole gateway. With tracing on it also starts the request's server span on
 * arrival and ends it once the observers have seen the request ({@link ProxyServerSpans}).
 */
public final class RequestCompletionFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /** Status recorded for a client that went away before the response was sent (as nginx logs it). */
    public static final int CLIENT_CLOSED = 499;

    private final TrafficObservers observers;
    private final ProxyPort proxyPort;
    private final ProxyServerSpans spans;

    /**
     * @param proxyPort only requests on this port are recorded: the management port's context inherits this filter,
     *        and its requests are not traffic
     * @param spans starts and ends each proxied request's server span; {@code null} with tracing off
     */
    public RequestCompletionFilter(TrafficObservers observers, ProxyPort proxyPort, ProxyServerSpans spans) {
        this.observers = observers;
        this.proxyPort = proxyPort;
        this.spans = spans;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!proxyPort.carries(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        if (spans != null) {
            spans.start(exchange);
        }
        AtomicBoolean recorded = new AtomicBoolean();
        exchange.getResponse().beforeCommit(() -> {
            if (recorded.compareAndSet(false, true)) {
                HttpStatusCode status = exchange.getResponse().getStatusCode();
                record(exchange, status == null ? 200 : status.value(), start);
            }
            return Mono.empty();
        });
        return chain.filter(exchange).doFinally(signal -> {
            if (signal == SignalType.CANCEL && !exchange.getResponse().isCommitted()
                    && recorded.compareAndSet(false, true)) {
                record(exchange, CLIENT_CLOSED, start);
            }
        });
    }

    private void record(ServerWebExchange exchange, int status, long start) {
        long duration = System.nanoTime() - start;
        String routeId = exchange.getAttribute(FicusExchangeAttributes.ROUTE_ID);
        Decision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
        Side served = exchange.getAttribute(FicusExchangeAttributes.SERVED_SIDE);
        String fallbackReason = exchange.getAttribute(FicusExchangeAttributes.FALLBACK_REASON);
        FailureReason failure = exchange.getAttribute(FicusExchangeAttributes.FAILURE_REASON);
        Long upstream = exchange.getAttribute(FicusExchangeAttributes.UPSTREAM_NANOS);
        Outcome outcome = outcome(status, routeId, failure, fallbackReason);
        CompletedRequest request = new CompletedRequest(exchange, routeId, exchange.getRequest().getMethod().name(),
                decision, outcome == Outcome.REJECTED || outcome == Outcome.CANCELLED && upstream == null ? null
                        : served,
                fallbackReason, status, outcome, start, duration, upstream == null ? -1 : upstream);
        observers.request(request);
        if (spans != null) {
            spans.end(request); // after the observers, which tag it
        }
    }

    static Outcome outcome(int status, String routeId, FailureReason failure, String fallbackReason) {
        if (status == CLIENT_CLOSED) {
            return Outcome.CANCELLED;
        }
        if (routeId == null || failure == FailureReason.BREAKER_OPEN) {
            return Outcome.REJECTED;
        }
        if (status >= 500) {
            return Outcome.ERROR;
        }
        return fallbackReason != null ? Outcome.FALLBACK : Outcome.SUCCESS;
    }
}
