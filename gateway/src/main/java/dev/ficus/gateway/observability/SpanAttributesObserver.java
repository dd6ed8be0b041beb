package dev.ficus.gateway.observability;

import io.micrometer.common.KeyValue;
import dev.ficus.rules.Basis;
import dev.ficus.rules.Decision;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Puts Ficus's decision on the server span of each proxied request: {@code ficus.route}, {@code ficus.side.decided},
 * {@code ficus.side.served}, {@code ficus.fallback} and {@code ficus.sticky_key} ({@code present} when the sticky
 * key decided, never its value). They are high-cardinality key values of the server observation, so they reach the
 * span (the tracing handler tags it when the observation stops, after the response commit that triggers this
 * observer) but never the {@code http.server.requests} metric. Requests that matched no route get none.
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
        ServerRequestObservationContext.findCurrent(request.exchange().getAttributes())
                .ifPresent(context -> tag(context, request));
    }

    private static void tag(ServerRequestObservationContext context, CompletedRequest request) {
        Decision decision = request.decision();
        context.addHighCardinalityKeyValue(KeyValue.of(ROUTE, request.routeId()));
        if (decision != null) {
            context.addHighCardinalityKeyValue(KeyValue.of(SIDE_DECIDED, decision.side().id()));
        }
        if (request.served() != null) {
            context.addHighCardinalityKeyValue(KeyValue.of(SIDE_SERVED, request.served().id()));
        }
        context.addHighCardinalityKeyValue(KeyValue.of(FALLBACK,
                String.valueOf(request.fallbackReason() != null)));
        context.addHighCardinalityKeyValue(KeyValue.of(STICKY_KEY,
                decision != null && decision.basis() == Basis.STICKY ? "present" : "absent"));
    }
}
