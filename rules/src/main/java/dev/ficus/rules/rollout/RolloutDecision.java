package dev.ficus.rules.rollout;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Rollout} decided: the weight the gateway should apply, the move taken, and the gate readings behind
 * it. The rollout does no I/O; the gateway applies the weight (e.g. {@code rule.withWeight(d.weight())}).
 *
 * <pre>{@code
 * RolloutDecision d = rollout.analyse(measurement);
 * if (d.weightChanged()) {
 *     rules.swap(routeId, rule -> rule.withWeight(d.weight()));
 * }
 * }</pre>
 *
 * @param previousWeight weight before the move
 * @param weight weight to apply after the move
 * @param transition the move taken
 * @param state state after the move
 * @param readings gate readings of the analysed interval (empty for operator moves)
 */
public record RolloutDecision(int previousWeight, int weight, Transition transition, RolloutState state,
        List<GateReading> readings) {

    public RolloutDecision {
        Objects.requireNonNull(transition, "transition");
        Objects.requireNonNull(state, "state");
        readings = List.copyOf(readings);
    }

    /** Whether the gateway has a weight to apply. */
    public boolean weightChanged() {
        return weight != previousWeight;
    }
}
