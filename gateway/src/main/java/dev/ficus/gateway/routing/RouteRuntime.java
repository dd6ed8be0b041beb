package dev.ficus.gateway.routing;

import dev.ficus.rules.TrafficRule;

/**
 * The part of a route that changes at runtime and must outlive a restart: its weight and its revision.
 *
 * @param weight percentage for the new side, 0–100
 * @param revision the route's change counter, at least 1 (see {@link CompiledRoute#revision()})
 */
public record RouteRuntime(int weight, long revision) {

    public RouteRuntime {
        TrafficRule.checkWeight(weight);
        if (revision < 1) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 1)");
        }
    }
}
