package dev.ficus.rules.rollout;

/** The checks analysis runs on each interval of the new side. */
public enum Gate {
    /** Failures over requests of the new side, in percent. */
    ERROR_RATE("error-rate", "%"),
    /** 99th percentile latency of the new side, in milliseconds. */
    P99("p99", "ms"),
    /** Median latency of the new side, in milliseconds (only when {@link RolloutPlan#maxP50()} is set). */
    P50("p50", "ms"),
    /** Requests in the interval; below the minimum the interval decides nothing. */
    MIN_REQUESTS("min-requests", "requests"),
    /** New error rate minus legacy error rate, in percentage points (only when the relative gate is set). */
    ERROR_RATE_VS_LEGACY("error-rate-vs-legacy", "points");

    private final String id;
    private final String unit;

    Gate(String id, String unit) {
        this.id = id;
        this.unit = unit;
    }

    /** Stable id, usable as a metric tag. */
    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    @Override
    public String toString() {
        return id;
    }
}
