package dev.ficus.routes;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How a route protects its users from a failing side: the circuit breaker kept per route and side, what counts as
 * a failure, and when a failed request may be replayed on the other side.
 *
 * <p>Written under {@code resilience:} in the routes file (per route, and under {@code defaults}), e.g.
 * <pre>{@code
 * resilience:
 *   failure-rate-threshold: 50     # % of failed calls in the window that opens the breaker
 *   slow-call-rate-threshold: 100  # % of slow calls that opens it (100: slowness alone never opens it)
 *   slow-call-duration: 5s
 *   sliding-window: 20             # last N calls
 *   minimum-calls: 10              # calls needed before the rate is judged
 *   wait-in-open: 10s              # open time before half-open probes
 *   half-open-calls: 3
 *   failure-statuses: [500, 502, 503, 504]   # 4xx never count
 *   replay-methods: [PUT]          # besides GET, HEAD, OPTIONS, replayed on the other side after sending
 *   max-replay-body: 1048576       # bytes buffered so that a body can be replayed
 *   fallback-to-modern: false      # legacy failures fall back to modern (opt-in)
 *   retry-connect-failures: true   # one jittered retry on the same side when the connection fails
 * }</pre>
 *
 * @param failureRateThreshold percentage 1–100 (default 50)
 * @param slowCallRateThreshold percentage 1–100 (default 100)
 * @param slowCallDuration calls slower than this count as slow (default 5 s)
 * @param slidingWindow number of recent calls the rates are computed over, 1–10,000 (default 20)
 * @param minimumCalls calls needed before the breaker may open, 1–10,000 (default 10)
 * @param waitInOpen how long the breaker stays open before half-open probes (default 10 s)
 * @param halfOpenCalls probes let through while half-open, 1–1,000 (default 3)
 * @param failureStatuses response statuses counted as failures, each 500–599 (default 500, 502, 503, 504)
 * @param replayMethods upper-case methods besides GET, HEAD and OPTIONS that are safe to replay after sending
 * @param maxReplayBody largest request body (bytes) buffered for replay; larger bodies are never replayed after
 *        sending (default 1 MiB, at most 64 MiB)
 * @param fallbackToModern whether legacy failures fall back to the modern side (default {@code false})
 * @param retryConnectFailures whether a failed connection is retried once on the same side (default {@code true})
 */
public record ResiliencePolicy(int failureRateThreshold, int slowCallRateThreshold, Duration slowCallDuration,
        int slidingWindow, int minimumCalls, Duration waitInOpen, int halfOpenCalls, Set<Integer> failureStatuses,
        Set<String> replayMethods, long maxReplayBody, boolean fallbackToModern, boolean retryConnectFailures) {

    /** Methods that are always replayed: they are idempotent by definition (RFC 9110). */
    public static final Set<String> IDEMPOTENT_READS = Set.of("GET", "HEAD", "OPTIONS");

    public static final long MAX_REPLAY_BODY_LIMIT = 64L * 1024 * 1024;

    public static final ResiliencePolicy DEFAULT = new ResiliencePolicy(50, 100, Duration.ofSeconds(5), 20, 10,
            Duration.ofSeconds(10), 3, Set.of(500, 502, 503, 504), Set.of(), 1024 * 1024, false, true);

    public ResiliencePolicy {
        check("failure-rate-threshold", failureRateThreshold, 1, 100);
        check("slow-call-rate-threshold", slowCallRateThreshold, 1, 100);
        positive("slow-call-duration", slowCallDuration);
        check("sliding-window", slidingWindow, 1, 10_000);
        check("minimum-calls", minimumCalls, 1, 10_000);
        positive("wait-in-open", waitInOpen);
        check("half-open-calls", halfOpenCalls, 1, 1_000);
        failureStatuses = Set.copyOf(failureStatuses);
        for (int status : failureStatuses) {
            check("failure-statuses", status, 500, 599);
        }
        replayMethods = replayMethods.stream().map(m -> m.toUpperCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        if (maxReplayBody < 0 || maxReplayBody > MAX_REPLAY_BODY_LIMIT) {
            throw new IllegalArgumentException("max-replay-body: " + maxReplayBody + " (expected: 0.."
                    + MAX_REPLAY_BODY_LIMIT + " bytes)");
        }
    }

    /** Whether a request with {@code method} may be replayed on the other side after it was sent. */
    public boolean replayable(String method) {
        return IDEMPOTENT_READS.contains(method) || replayMethods.contains(method);
    }

    /** Whether a response status counts as a failure of the side. */
    public boolean isFailure(int status) {
        return failureStatuses.contains(status);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + min + ".." + max + ")");
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
