package dev.ficus.rules.rollout;

/**
 * Where a {@link Rollout} is. {@link #PROMOTED}, {@link #ROLLED_BACK} and {@link #ABORTED} are terminal: a new
 * rollout is needed to move the route again.
 */
public enum RolloutState {
    /** Created, no traffic moved yet. */
    PENDING,
    /** On a step; analysis decides whether to hold, advance or roll back. */
    PROGRESSING,
    /** Held by an operator (or a manual weight change); no analysis until resumed. */
    PAUSED,
    /** The last step passed its hold time: the new side carries the final weight. */
    PROMOTED,
    /** A gate failed for too many consecutive intervals; the route went back to the safe weight. */
    ROLLED_BACK,
    /** Stopped by an operator; the route went back to the safe weight. */
    ABORTED;

    /** Whether no transition leaves this state. */
    public boolean isTerminal() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
    }
}
