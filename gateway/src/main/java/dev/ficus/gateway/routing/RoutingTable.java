package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteCatalogue;
import dev.ficus.routes.RouteDefinition;
import dev.ficus.rules.OverridePolicy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of everything the request path needs: every route's definition, current rule and
 * targets. The gateway swaps whole snapshots; nothing a request may be reading is ever changed in place.
 */
public final class RoutingTable {

    private final RouteCatalogue catalogue;
    private final Map<String, CompiledRoute> routes;
    private final long version;

    private RoutingTable(RouteCatalogue catalogue, Map<String, CompiledRoute> routes, long version) {
        this.catalogue = catalogue;
        this.routes = routes;
        this.version = version;
    }

    /** Compiles a catalogue at its file weights; {@code overrides} is the gateway-wide override policy. */
    public static RoutingTable compile(RouteCatalogue catalogue, OverridePolicy overrides) {
        Map<String, CompiledRoute> routes = new LinkedHashMap<>();
        for (RouteDefinition definition : catalogue.routes()) {
            routes.put(definition.id(), new CompiledRoute(definition, definition.trafficRule(overrides)));
        }
        return new RoutingTable(catalogue, Map.copyOf(routes), 1);
    }

    public RouteCatalogue catalogue() {
        return catalogue;
    }

    /** Increases with every change, starting at 1. */
    public long version() {
        return version;
    }

    /** The route with this id, or {@code null}. */
    public CompiledRoute route(String id) {
        return routes.get(id);
    }

    /** Routes in catalogue (matching) order. */
    public List<CompiledRoute> routes() {
        return catalogue.routes().stream().map(definition -> routes.get(definition.id())).toList();
    }

    /** A new snapshot in which route {@code id} has {@code weight}. */
    public RoutingTable withWeight(String id, int weight) {
        return withWeights(Map.of(id, weight));
    }

    /**
     * One new snapshot (version + 1) in which every listed route has its new weight; routes whose weight changes get
     * their revision increased. Every id must exist; nothing changes otherwise.
     */
    public RoutingTable withWeights(Map<String, Integer> weights) {
        Map<String, CompiledRoute> next = new LinkedHashMap<>(routes);
        weights.forEach((id, weight) -> next.put(id, existing(id).withWeight(weight)));
        return new RoutingTable(catalogue, Map.copyOf(next), version + 1);
    }

    /**
     * A new snapshot (version + 1) with the weights and revisions of a previous run restored. Ids that are not in
     * this table are ignored (the caller reports them).
     */
    public RoutingTable restore(Map<String, RouteRuntime> runtime) {
        Map<String, CompiledRoute> next = new LinkedHashMap<>(routes);
        runtime.forEach((id, state) -> next.computeIfPresent(id, (key, route) -> route.restored(state)));
        return new RoutingTable(catalogue, Map.copyOf(next), version + 1);
    }

    /** Every route's current weight and revision, in catalogue order. */
    public Map<String, RouteRuntime> runtime() {
        Map<String, RouteRuntime> runtime = new LinkedHashMap<>();
        for (RouteDefinition definition : catalogue.routes()) {
            runtime.put(definition.id(), routes.get(definition.id()).runtime());
        }
        return java.util.Collections.unmodifiableMap(runtime);
    }

    private CompiledRoute existing(String id) {
        CompiledRoute route = routes.get(id);
        if (route == null) {
            throw new IllegalArgumentException("route: " + id + " (expected: one of " + routes.keySet() + ")");
        }
        return route;
    }

    @Override
    public String toString() {
        return "RoutingTable[version=" + version + ", source=" + catalogue.source() + ", routes="
                + Objects.toString(routes.keySet()) + "]";
    }
}
