package dev.ficus.gateway.store;

import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutSnapshot;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A route's rollout as kept in the runtime state file: its plan, flattened to plain values, and its snapshot.
 *
 * @param steps the plan's step weights
 * @param hold minimum time on each step
 * @param interval analysis interval
 * @param maxErrorRate error-rate gate, percent
 * @param maxP99 p99 gate
 * @param maxP50 p50 gate; null when not set
 * @param minRequests requests an interval needs to count
 * @param maxErrorRateDelta relative gate against legacy, percentage points; null when not set
 * @param failedIntervals consecutive failed intervals that roll back
 * @param safeWeight weight after a rollback or abort
 * @param snapshot the state machine's state
 */
public record SavedRollout(List<Integer> steps, Duration hold, Duration interval, double maxErrorRate,
        Duration maxP99, Duration maxP50, long minRequests, Double maxErrorRateDelta, int failedIntervals,
        int safeWeight, RolloutSnapshot snapshot) {

    public SavedRollout {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    public static SavedRollout of(RolloutPlan plan, RolloutSnapshot snapshot) {
        return new SavedRollout(plan.steps(), plan.holdTime(), plan.analysisInterval(), plan.maxErrorRatePercent(),
                plan.maxP99(), plan.maxP50().orElse(null), plan.minRequests(),
                plan.maxErrorRateDeltaPoints().isPresent() ? plan.maxErrorRateDeltaPoints().getAsDouble() : null,
                plan.failedIntervalsToRollback(), plan.safeWeight(), snapshot);
    }

    /** The plan again; the builder re-checks every value, so a hand-edited file cannot smuggle in a bad one. */
    public RolloutPlan plan() {
        RolloutPlan.Builder builder = RolloutPlan.builder()
                .steps(steps.stream().mapToInt(Integer::intValue).toArray())
                .holdTime(hold).analysisInterval(interval).maxErrorRatePercent(maxErrorRate).maxP99(maxP99)
                .minRequests(minRequests).failedIntervalsToRollback(failedIntervals).safeWeight(safeWeight);
        if (maxP50 != null) {
            builder.maxP50(maxP50);
        }
        if (maxErrorRateDelta != null) {
            builder.maxErrorRateDeltaPoints(maxErrorRateDelta);
        }
        return builder.build();
    }
}
