package dev.ficus.gateway.observability;

import dev.ficus.gateway.resilience.FailureReason;
import dev.ficus.rules.Side;

/**
 * One call from the gateway to one side of a route, as its circuit breaker judged it: the unit that rollout gates,
 * breaker-aware metrics and per-side dashboards count. A request makes one call, or two when it falls back; a
 * call refused by an open breaker is a call too (with {@link FailureReason#BREAKER_OPEN} and no latency), so that
 * a side whose breaker keeps refusing reads as failing rather than as idle.
 *
 * @param routeId the catalogue route id
 * @param side the side called
 * @param latencyNanos from the call's start to the upstream's response headers, or to the failure
 * @param failure why the call failed, or {@code null} when it succeeded
 * @param status the upstream's status code, or {@code 0} when none was received
 */
public record UpstreamCall(String routeId, Side side, long latencyNanos, FailureReason failure, int status) {

    public boolean succeeded() {
        return failure == null;
    }
}
