package dev.ficus.gateway.rollout;

import java.util.List;

/**
 * One transition as webhooks receive it.
 *
 * @param route route id
 * @param transition the move, e.g. {@code roll-back}
 * @param from state before
 * @param to state after
 * @param previousWeight weight before
 * @param weight weight after
 * @param reason rollback reason; null otherwise
 * @param actor who moved it: {@code rollout} for analysis, else the admin token's name
 * @param gates readings of the analysed interval (empty for operator moves)
 * @param at when, ISO-8601
 */
public record RolloutNotification(String route, String transition, String from, String to, int previousWeight,
        int weight, String reason, String actor, List<Gate> gates, String at) {

    /** One gate reading. */
    public record Gate(String gate, double value, double bound, String unit, boolean passed) {
    }
}
