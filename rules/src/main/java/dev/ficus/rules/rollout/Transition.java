package dev.ficus.rules.rollout;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every legal move of a {@link Rollout}: the states it may start from and the state it leads to. Any other move is
 * rejected with an {@link IllegalStateException} naming the state and the action.
 */
public enum Transition {
    /** The first step is applied. */
    START(RolloutState.PROGRESSING, RolloutState.PENDING),
    /** Analysis keeps the current step: gates pass but the hold time is not over, too little data, or a first failure. */
    HOLD(RolloutState.PROGRESSING, RolloutState.PROGRESSING),
    /** Gates passed for the hold time: the next step is applied. */
    ADVANCE(RolloutState.PROGRESSING, RolloutState.PROGRESSING),
    /** The last step passed its hold time. */
    PROMOTE_COMPLETE(RolloutState.PROMOTED, RolloutState.PROGRESSING, RolloutState.PAUSED),
    /** An operator holds the rollout at its current weight. */
    PAUSE(RolloutState.PAUSED, RolloutState.PROGRESSING),
    /** An operator lets analysis continue, on the current step with a fresh hold window. */
    RESUME(RolloutState.PROGRESSING, RolloutState.PAUSED),
    /** An operator skips to the next step now (fresh hold window). */
    MANUAL_PROMOTE(RolloutState.PROGRESSING, RolloutState.PROGRESSING, RolloutState.PAUSED),
    /** An operator set the weight by hand; the rollout pauses so analysis does not fight the operator. */
    MANUAL_WEIGHT_CHANGE(RolloutState.PAUSED, RolloutState.PROGRESSING, RolloutState.PAUSED),
    /** A gate failed for K consecutive intervals: back to the safe weight. */
    ROLL_BACK(RolloutState.ROLLED_BACK, RolloutState.PROGRESSING),
    /** An operator stops the rollout: back to the safe weight. */
    ABORT(RolloutState.ABORTED, RolloutState.PENDING, RolloutState.PROGRESSING, RolloutState.PAUSED);

    private final RolloutState to;
    private final Set<RolloutState> from;

    Transition(RolloutState to, RolloutState first, RolloutState... rest) {
        this.to = to;
        this.from = EnumSet.of(first, rest);
    }

    /** The state this move leads to. */
    public RolloutState to() {
        return to;
    }

    /** Whether this move may start from {@code state}. */
    public boolean allowedFrom(RolloutState state) {
        return from.contains(state);
    }

    /** Rejects this move from {@code state}, naming both. */
    void checkFrom(RolloutState state, String action) {
        if (!allowedFrom(state)) {
            throw new IllegalStateException("cannot " + action + " a rollout in state " + state + " (expected: "
                    + from + ")");
        }
    }
}
