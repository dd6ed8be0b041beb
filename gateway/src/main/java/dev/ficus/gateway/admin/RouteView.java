package dev.ficus.gateway.admin;

import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.routes.RouteDefinition;

import java.util.List;

/**
 * A route as the admin API shows it.
 *
 * @param id route id
 * @param paths its path patterns
 * @param legacy the monolith's upstream URI
 * @param modern the new service's upstream URI
 * @param weight current percentage for the new side
 * @param stickiness where the sticky key comes from ({@code header:X-User-Id}, {@code none}, …)
 * @param overridesAllowed whether testers may force a side
 * @param version the route's revision: +1 on each of its weight changes
 * @param etag the value to send as {@code If-Match} to change it
 * @param breakers circuit breaker state per side ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, …)
 * @param rollout the route's rollout in short ({@code state}, {@code step}, {@code weight}, {@code nextDecisionAt});
 *        null when it never had one
 * @param traffic the last {@code ficus.traffic.view-window}: the modern side's share of the requests served, and
 *        each side's upstream calls, failures, error rate, p50/p99 and rate
 */
record RouteView(String id, List<String> paths, String legacy, String modern, int weight, String stickiness,
        boolean overridesAllowed, long version, String etag, java.util.Map<String, String> breakers,
        RolloutView.Summary rollout, dev.ficus.gateway.observability.TrafficWindows.RouteTraffic traffic) {

    static RouteView of(CompiledRoute route, dev.ficus.gateway.resilience.RouteBreakers routeBreakers,
            RolloutView.Summary rollout, dev.ficus.gateway.observability.TrafficWindows.RouteTraffic traffic) {
        dev.ficus.gateway.resilience.SideBreakers sides = routeBreakers.of(route.definition());
        RouteDefinition definition = route.definition();
        return new RouteView(route.id(), definition.paths(), definition.legacy().uri().toString(),
                definition.modern().uri().toString(), route.rule().weight(), definition.stickiness().toString(),
                definition.overridesAllowed(), route.revision(), ETags.of(route),
                java.util.Map.of("legacy", sides.legacy().getState().name(), "modern",
                        sides.modern().getState().name()), rollout, traffic);
    }
}
