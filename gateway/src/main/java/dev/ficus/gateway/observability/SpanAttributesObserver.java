package dev.ficus.gateway.observability;

import dev.ficus.rules.Basis;
import dev.ficus.rules.Decision;
import io.micrometer.tracing.Span;

/**
 * Puts Ficus's decision on the server span of each proxied request: {@code ficus.route}, {@code ficus.side.decided},
 * {@code ficus.side.served}, {@code ficus.fallback} and {@code ficus.sticky_key} ({@code present} when the sticky
 * key decided, never its value). Set when the response is committed, before {@link ProxyServerSpans} ends the
 * span; span-only, never a metric tag. Requests that matched no route get none, and unsampled spans are skipped.
 */
final class SpanAttributesObserver implements TrafficObserver {

    static final String ROUTE = "ficus.route";
    static final String SIDE_DECIDED = "ficus.side.decided";
    static final String SIDE_SERVED = "ficus.side.served";
    static final String FALLBACK = "ficus.fallback";
    static final String STICKY_KEY = "ficus.sticky_key";

    @Override
    public void onRequest(CompletedRequest request) {
        if (request.routeId() == null) {
            return;
        }
        Span span = ProxyServerSpans.of(request.exchange());
        if (span == null || span.isNoop()) {
            return;
        }
        Decision decision = request.decision();
        span.tag(ROUTE, request.routeId());
        if (decision != null) {
            span.tag(SIDE_DECIDED, decision.side().id());
        }
        if (request.served() != null) {
            span.tag(SIDE_SERVED, request.served().id());
        }
        span.tag(FALLBACK, String.valueOf(request.fallbackReason() != null));
        span.tag(STICKY_KEY, decision != null && decision.basis() == Basis.STICKY ? "present" : "absent");
    }
}
