package dev.ficus.gateway.observability.metrics;

import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code ficus.route.weight{route}}: each route's current weight to the new side (0–100). The value is read from
 * the current routing table at each scrape, so it follows every swap (admin API, rollout, reload); the set of
 * gauges follows the table's routes: a reload that adds a route adds its gauge, one that removes a route removes
 * it (no stale series).
 */
public final class RouteWeightGauges {

    public static final String NAME = "ficus.route.weight";

    private final RoutingTableHolder tables;
    private final MeterRegistry registry;
    private final Map<String, Gauge> gauges = new HashMap<>();

    public RouteWeightGauges(RoutingTableHolder tables, MeterRegistry registry) {
        this.tables = tables;
        this.registry = registry;
    }

    /** Registers the gauges of new routes and removes those of routes {@code table} no longer has. */
    public synchronized void follow(RoutingTable table) {
        gauges.entrySet().removeIf(entry -> {
            boolean gone = table.route(entry.getKey()) == null;
            if (gone) {
                registry.remove(entry.getValue());
            }
            return gone;
        });
        for (CompiledRoute route : table.routes()) {
            gauges.computeIfAbsent(route.id(), this::register);
        }
    }

    private Gauge register(String id) {
        return Gauge.builder(NAME, tables, holder -> weight(holder, id))
                .description("Current share of the route's traffic sent to the new side, in percent")
                .tag("route", id)
                .strongReference(true)
                .register(registry);
    }

    private static double weight(RoutingTableHolder holder, String id) {
        CompiledRoute route = holder.current().route(id);
        return route == null ? Double.NaN : route.rule().weight();
    }
}
