package dev.ficus.gateway.observability;

/**
 * Receives what happens on the proxy port: every upstream call and every completed request. Metrics, the access
 * log, rollout measurements and tracing all read the same events, so their numbers agree. Implementations are
 * Spring beans; they are called on the Netty event loop and must be fast and non-blocking (hand off anything slow).
 * An exception thrown by an observer is logged and never reaches the request.
 */
public interface TrafficObserver {

    default void onUpstreamCall(UpstreamCall call) {
    }

    default void onRequest(CompletedRequest request) {
    }
}
