package dev.ficus.rules.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a progressive rollout moves one route: the weight steps, how long each step must stay healthy, and the gates
 * that decide "healthy".
 *
 * <p>Immutable. Each builder setter checks its value at once, with the bad value in the message; {@link
 * Builder#build()} checks the values that depend on each other (interval within the hold time, safe weight below
 * the first step).
 *
 * <pre>{@code
 * RolloutPlan plan = RolloutPlan.builder()
 *         .steps(10, 25, 50, 100)
 *         .holdTime(Duration.ofMinutes(15))
 *         .analysisInterval(Duration.ofMinutes(1))
 *         .maxErrorRatePercent(1.0)
 *         .maxP99(Duration.ofMillis(500))
 *         .minRequests(200)
 *         .maxErrorRateDeltaPoints(0.5)
 *         .failedIntervalsToRollback(2)
 *         .build();
 * }</pre>
 */
public final class RolloutPlan {

    private final List<Integer> steps;
    private final Duration holdTime;
    private final Duration analysisInterval;
    private final double maxErrorRatePercent;
    private final Duration maxP99;
    private final Duration maxP50;
    private final long minRequests;
    private final Double maxErrorRateDeltaPoints;
    private final int failedIntervalsToRollback;
    private final int safeWeight;

    private RolloutPlan(Builder b) {
        this.steps = b.steps;
        this.holdTime = b.holdTime;
        this.analysisInterval = b.analysisInterval;
        this.maxErrorRatePercent = b.maxErrorRatePercent;
        this.maxP99 = b.maxP99;
        this.maxP50 = b.maxP50;
        this.minRequests = b.minRequests;
        this.maxErrorRateDeltaPoints = b.maxErrorRateDeltaPoints;
        this.failedIntervalsToRollback = b.failedIntervalsToRollback;
        this.safeWeight = b.safeWeight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Weights of the new side, strictly increasing, each 1..100. */
    public List<Integer> steps() {
        return steps;
    }

    /** Weight of step {@code index}. */
    public int weightOf(int index) {
        return steps.get(index);
    }

    public int lastStepIndex() {
        return steps.size() - 1;
    }

    /** How long a step must run, gates passing, before the next step. */
    public Duration holdTime() {
        return holdTime;
    }

    /** How often the gateway measures and calls {@link Rollout#analyse(Measurement)}. */
    public Duration analysisInterval() {
        return analysisInterval;
    }

    public double maxErrorRatePercent() {
        return maxErrorRatePercent;
    }

    public Duration maxP99() {
        return maxP99;
    }

    public Optional<Duration> maxP50() {
        return Optional.ofNullable(maxP50);
    }

    /** Requests an interval needs to count as a pass or a fail. */
    public long minRequests() {
        return minRequests;
    }

    /** How many percentage points the new side's error rate may exceed the legacy side's, if set. */
    public OptionalDouble maxErrorRateDeltaPoints() {
        return maxErrorRateDeltaPoints == null ? OptionalDouble.empty() : OptionalDouble.of(maxErrorRateDeltaPoints);
    }

    /** K: consecutive failed intervals that roll back. */
    public int failedIntervalsToRollback() {
        return failedIntervalsToRollback;
    }

    /** Weight applied on rollback or abort. */
    public int safeWeight() {
        return safeWeight;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RolloutPlan other && steps.equals(other.steps) && holdTime.equals(other.holdTime)
                && analysisInterval.equals(other.analysisInterval)
                && Double.compare(maxErrorRatePercent, other.maxErrorRatePercent) == 0
                && maxP99.equals(other.maxP99) && Objects.equals(maxP50, other.maxP50)
                && minRequests == other.minRequests
                && Objects.equals(maxErrorRateDeltaPoints, other.maxErrorRateDeltaPoints)
                && failedIntervalsToRollback == other.failedIntervalsToRollback && safeWeight == other.safeWeight;
    }

    @Override
    public int hashCode() {
        return Objects.hash(steps, holdTime, analysisInterval, maxErrorRatePercent, maxP99, maxP50, minRequests,
                maxErrorRateDeltaPoints, failedIntervalsToRollback, safeWeight);
    }

    @Override
    public String toString() {
        return "RolloutPlan[steps=" + steps + ", holdTime=" + holdTime + ", analysisInterval=" + analysisInterval
                + ", maxErrorRatePercent=" + maxErrorRatePercent + ", maxP99=" + maxP99 + ", maxP50=" + maxP50
                + ", minRequests=" + minRequests + ", maxErrorRateDeltaPoints=" + maxErrorRateDeltaPoints
                + ", failedIntervalsToRollback=" + failedIntervalsToRollback + ", safeWeight=" + safeWeight + "]";
    }

    /** Builds a {@link RolloutPlan}; each setter checks its value at once. */
    public static final class Builder {

        private List<Integer> steps = List.of(25, 50, 100);
        private Duration holdTime = Duration.ofMinutes(10);
        private Duration analysisInterval = Duration.ofMinutes(1);
        private double maxErrorRatePercent = 1.0;
        private Duration maxP99 = Duration.ofSeconds(1);
        private Duration maxP50;
        private long minRequests = 100;
        private Double maxErrorRateDeltaPoints;
        private int failedIntervalsToRollback = 2;
        private int safeWeight;

        private Builder() {
        }

        /** Weights of the new side, strictly increasing, each 1..100 (default 25, 50, 100). */
        public Builder steps(int... weights) {
            Objects.requireNonNull(weights, "steps");
            if (weights.length == 0) {
                throw new IllegalArgumentException("steps: [] (expected: at least one weight)");
            }
            List<Integer> checked = new ArrayList<>(weights.length);
            for (int i = 0; i < weights.length; i++) {
                int w = weights[i];
                if (w < 1 || w > 100) {
                    throw new IllegalArgumentException("steps[" + i + "]: " + w + " (expected: 1..100)");
                }
                if (i > 0 && w <= weights[i - 1]) {
                    throw new IllegalArgumentException("steps[" + i + "]: " + w + " (expected: > " + weights[i - 1]
                            + ", steps strictly increasing)");
                }
                checked.add(w);
            }
            this.steps = List.copyOf(checked);
            return this;
        }

        /** How long each step must stay healthy before the next (default 10 minutes, > 0). */
        public Builder holdTime(Duration holdTime) {
            this.holdTime = checkPositive("holdTime", holdTime);
            return this;
        }

        /** How often analysis runs (default 1 minute, > 0 and at most the hold time). */
        public Builder analysisInterval(Duration analysisInterval) {
            this.analysisInterval = checkPositive("analysisInterval", analysisInterval);
            return this;
        }

        /** Highest acceptable error rate of the new side in percent (default 1.0, 0..100). */
        public Builder maxErrorRatePercent(double percent) {
            this.maxErrorRatePercent = checkPercent("maxErrorRatePercent", percent);
            return this;
        }

        /** Highest acceptable p99 latency of the new side (default 1 second, > 0). */
        public Builder maxP99(Duration maxP99) {
            this.maxP99 = checkPositive("maxP99", maxP99);
            return this;
        }

        /** Highest acceptable median latency of the new side (default: not checked; > 0 when set). */
        public Builder maxP50(Duration maxP50) {
            this.maxP50 = checkPositive("maxP50", maxP50);
            return this;
        }

        /** Requests an interval needs to count as a pass or a fail (default 100, >= 1). */
        public Builder minRequests(long minRequests) {
            if (minRequests < 1) {
                throw new IllegalArgumentException("minRequests: " + minRequests + " (expected: >= 1)");
            }
            this.minRequests = minRequests;
            return this;
        }

        /**
         * Relative gate: how many percentage points the new side's error rate may exceed the legacy side's
         * (default: not checked; 0..100 when set).
         */
        public Builder maxErrorRateDeltaPoints(double points) {
            this.maxErrorRateDeltaPoints = checkPercent("maxErrorRateDeltaPoints", points);
            return this;
        }

        /** K: consecutive failed intervals that roll back (default 2, >= 1). */
        public Builder failedIntervalsToRollback(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("failedIntervalsToRollback: " + k + " (expected: >= 1)");
            }
            this.failedIntervalsToRollback = k;
            return this;
        }

        /** Weight applied on rollback or abort (default 0, 0..100 and below the first step). */
        public Builder safeWeight(int safeWeight) {
            if (safeWeight < 0 || safeWeight > 100) {
                throw new IllegalArgumentException("safeWeight: " + safeWeight + " (expected: 0..100)");
            }
            this.safeWeight = safeWeight;
            return this;
        }

        public RolloutPlan build() {
            if (analysisInterval.compareTo(holdTime) > 0) {
                throw new IllegalArgumentException("analysisInterval: " + analysisInterval
                        + " (expected: <= holdTime " + holdTime + ")");
            }
            if (safeWeight >= steps.get(0)) {
                throw new IllegalArgumentException("safeWeight: " + safeWeight + " (expected: below the first step "
                        + steps.get(0) + ")");
            }
            return new RolloutPlan(this);
        }

        private static Duration checkPositive(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
            }
            return value;
        }

        private static double checkPercent(String name, double value) {
            if (!(value >= 0 && value <= 100)) {
                throw new IllegalArgumentException(name + ": " + value + " (expected: 0..100)");
            }
            return value;
        }
    }
}
