package dev.ficus.rules.rollout;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished step of a rollout, for the history shown to operators.
 *
 * @param stepIndex index into {@link RolloutPlan#steps()}
 * @param weight weight of the step
 * @param startedAt when the step's (last) hold window started
 * @param endedAt when the step ended
 * @param endedBy the move that ended it, e.g. {@link Transition#ADVANCE} or {@link Transition#ROLL_BACK}
 */
public record StepRecord(int stepIndex, int weight, Instant startedAt, Instant endedAt, Transition endedBy) {

    public StepRecord {
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(endedBy, "endedBy");
    }
}
