package dev.ficus.gateway.observability;

import dev.ficus.rules.Decision;
import dev.ficus.rules.Side;
import org.springframework.web.server.ServerWebExchange;

/**
 * One request through the proxy port, recorded when its response is committed (status and headers sent) or when
 * the client cancels before that. Carries the exchange for observers that need more (path template, trace id,
 * client address); observers run on the event loop and must not block.
 *
 * @param exchange the exchange, for observers that need attributes beyond these
 * @param routeId the catalogue route id, or {@code null} when no route matched
 * @param method the HTTP method name
 * @param decision the traffic decision, or {@code null} when no route matched
 * @param served the side that served (after any fallback), or {@code null} when none did
 * @param fallbackReason why the request fell back ({@link dev.ficus.gateway.resilience.FailureReason#id()}), or
 *     {@code null}
 * @param status the status sent to the client ({@code 499} when the client cancelled first)
 * @param outcome how the request ended
 * @param startNanos {@link System#nanoTime()} when the request reached the gateway
 * @param durationNanos from arrival to the response commit (time to first byte)
 * @param upstreamNanos latency of the call that produced the response, or {@code -1} when none did
 */
public record CompletedRequest(ServerWebExchange exchange, String routeId, String method, Decision decision,
        Side served, String fallbackReason, int status, Outcome outcome, long startNanos, long durationNanos,
        long upstreamNanos) {

    /** The side the decision picked, or {@code null} when no route matched. */
    public Side decided() {
        return decision == null ? null : decision.side();
    }
}
