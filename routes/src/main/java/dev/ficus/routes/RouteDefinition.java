package dev.ficus.routes;

import dev.ficus.rules.OverridePolicy;
import dev.ficus.rules.Side;
import dev.ficus.rules.Stickiness;
import dev.ficus.rules.TrafficRule;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One migrating route of the catalogue: which requests it matches, its two upstreams and how it splits them.
 *
 * <p>Instances are immutable and built by {@link CatalogueLoader}, which validates every field with its location
 * in the file.
 *
 * @param id unique id, used in headers, metrics and the admin API (see {@link TrafficRule#ROUTE_ID})
 * @param paths Spring {@code PathPattern} patterns, at least one ({@code /survey/**})
 * @param methods upper-case HTTP methods the route accepts; empty for any
 * @param hosts {@code Host} header patterns in Spring Cloud Gateway's Host predicate syntax; empty for any
 * @param headers request headers that must be present, name to a regex their value must match; empty for none
 * @param legacy the monolith's upstream
 * @param modern the new service's upstream
 * @param weight initial percentage for the new side, 0–100
 * @param stickiness where the sticky key is read from
 * @param overridesAllowed whether testers may force a side on this route (the token is gateway configuration)
 * @param rewrite how the path is changed before forwarding
 * @param resilience circuit breakers, failure statuses and fallback rules of this route
 * @param rollout the route's progressive rollout plan ({@code rollout:}), or {@code null} when the file has none
 *        (a rollout started through the admin API then uses the built-in defaults)
 */
public record RouteDefinition(String id, List<String> paths, Set<String> methods, List<String> hosts,
        Map<String, String> headers, Upstream legacy, Upstream modern, int weight, Stickiness stickiness,
        boolean overridesAllowed, PathRewrite rewrite, ResiliencePolicy resilience,
        dev.ficus.rules.rollout.RolloutPlan rollout) {

    public RouteDefinition {
        TrafficRule.checkRouteId(id);
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException(id + ".paths: empty (expected: at least one path pattern)");
        }
        methods = Set.copyOf(methods);
        hosts = List.copyOf(hosts);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(legacy, "legacy");
        Objects.requireNonNull(modern, "modern");
        TrafficRule.checkWeight(weight);
        Objects.requireNonNull(stickiness, "stickiness");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(resilience, "resilience");
    }

    /** A route without a rollout plan. */
    public RouteDefinition(String id, List<String> paths, Set<String> methods, List<String> hosts,
            Map<String, String> headers, Upstream legacy, Upstream modern, int weight, Stickiness stickiness,
            boolean overridesAllowed, PathRewrite rewrite, ResiliencePolicy resilience) {
        this(id, paths, methods, hosts, headers, legacy, modern, weight, stickiness, overridesAllowed, rewrite,
                resilience, null);
    }

    /** The route's rollout plan, when its file entry has one. */
    public java.util.Optional<dev.ficus.rules.rollout.RolloutPlan> rolloutPlan() {
        return java.util.Optional.ofNullable(rollout);
    }

    /** A route with the default {@link ResiliencePolicy}. */
    public RouteDefinition(String id, List<String> paths, Set<String> methods, List<String> hosts,
            Map<String, String> headers, Upstream legacy, Upstream modern, int weight, Stickiness stickiness,
            boolean overridesAllowed, PathRewrite rewrite) {
        this(id, paths, methods, hosts, headers, legacy, modern, weight, stickiness, overridesAllowed, rewrite,
                ResiliencePolicy.DEFAULT);
    }

    /** The upstream of {@code side}. */
    public Upstream upstream(Side side) {
        return side == Side.MODERN ? modern : legacy;
    }

    /** This route's traffic rule at its file weight; {@code overrides} carries the gateway's header and token. */
    public TrafficRule trafficRule(OverridePolicy overrides) {
        return TrafficRule.builder(id)
                .weight(weight)
                .stickiness(stickiness)
                .overrides(overridesAllowed ? overrides : OverridePolicy.disabled())
                .build();
    }
}
