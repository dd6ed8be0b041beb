package dev.ficus.rules.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link Rollout} knows, as one immutable value: it is what the state machine swaps atomically, what
 * the admin API shows, and what the gateway persists to {@link Rollout#restore restore} after a restart.
 *
 * <pre>{@code
 * RolloutSnapshot saved = rollout.snapshot();
 * // ... restart ...
 * Rollout again = Rollout.restore(plan, saved, Clock.systemUTC());
 * }</pre>
 *
 * @param state where the rollout is
 * @param stepIndex index into {@link RolloutPlan#steps()}; -1 before the start
 * @param weight weight of the new side as last decided (or set by hand)
 * @param stepStartedAt start of the current hold window; null before the start
 * @param consecutiveFailedIntervals failed intervals in a row on this step
 * @param lastReadings gate readings of the last analysed interval
 * @param nextDecisionDue when the next analysis is due; null when none is (not progressing)
 * @param history finished steps, oldest first
 * @param rollbackReason the failing gate, value and bound; null unless rolled back
 */
public record RolloutSnapshot(RolloutState state, int stepIndex, int weight, Instant stepStartedAt,
        int consecutiveFailedIntervals, List<GateReading> lastReadings, Instant nextDecisionDue,
        List<StepRecord> history, String rollbackReason) {

    public RolloutSnapshot {
        Objects.requireNonNull(state, "state");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        if (stepIndex < -1) {
            throw new IllegalArgumentException("stepIndex: " + stepIndex + " (expected: >= -1)");
        }
        if (consecutiveFailedIntervals < 0) {
            throw new IllegalArgumentException(
                    "consecutiveFailedIntervals: " + consecutiveFailedIntervals + " (expected: >= 0)");
        }
        lastReadings = List.copyOf(lastReadings);
        history = List.copyOf(history);
    }

    /** The rollback reason, when rolled back. */
    public Optional<String> rollbackReasonIfAny() {
        return Optional.ofNullable(rollbackReason);
    }
}
