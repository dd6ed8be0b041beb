package dev.ficus.rules.rollout;

import java.time.Duration;
import java.util.Objects;

/**
 * What the new side did during one analysis interval, plus the legacy side's error rate over the same interval
 * (for the relative gate). The gateway aggregates its metrics into one of these and hands it to
 * {@link Rollout#analyse(Measurement)}.
 *
 * <pre>{@code
 * Measurement m = new Measurement(1_200, 3, Duration.ofMillis(40), Duration.ofMillis(310), 0.2);
 * RolloutDecision d = rollout.analyse(m);
 * }</pre>
 *
 * @param requests requests on the new side in the interval, {@code >= 0}
 * @param failures failed requests among them, {@code 0..requests}
 * @param p50 median latency of the new side
 * @param p99 99th percentile latency of the new side
 * @param legacyErrorRatePercent error rate of the legacy side in the same interval, {@code 0..100}
 */
public record Measurement(long requests, long failures, Duration p50, Duration p99, double legacyErrorRatePercent) {

    public Measurement {
        if (requests < 0) {
            throw new IllegalArgumentException("requests: " + requests + " (expected: >= 0)");
        }
        if (failures < 0 || failures > requests) {
            throw new IllegalArgumentException("failures: " + failures + " (expected: 0.." + requests + ")");
        }
        checkLatency("p50", p50);
        checkLatency("p99", p99);
        if (!(legacyErrorRatePercent >= 0 && legacyErrorRatePercent <= 100)) {
            throw new IllegalArgumentException(
                    "legacyErrorRatePercent: " + legacyErrorRatePercent + " (expected: 0..100)");
        }
    }

    private static void checkLatency(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 0)");
        }
    }

    /** Failures over requests in percent; 0 when there were no requests. */
    public double errorRatePercent() {
        return requests == 0 ? 0 : 100.0 * failures / requests;
    }
}
