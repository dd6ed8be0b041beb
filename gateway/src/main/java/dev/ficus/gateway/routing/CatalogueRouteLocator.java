package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteDefinition;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns the catalogue into Spring Cloud Gateway routes: one route per catalogue entry, in file order, each with
 * Ficus's route filters ({@link FicusRoutingFilter}, then resilience). Routes are rebuilt only when the catalogue itself changes, not on weight changes
 * (weights live in the {@link RoutingTable} the filter reads per request).
 */
public final class CatalogueRouteLocator implements RouteLocator {

    private final RoutingTableHolder tables;
    private final List<GatewayFilter> routeFilters;
    private final AtomicReference<Built> built = new AtomicReference<>();

    /** @param routeFilters the filters every catalogue route runs (decision, resilience), ordered by their order */
    public CatalogueRouteLocator(RoutingTableHolder tables, List<GatewayFilter> routeFilters) {
        this.tables = tables;
        this.routeFilters = List.copyOf(routeFilters);
    }

    @Override
    public Flux<Route> getRoutes() {
        return Flux.fromIterable(routesFor(tables.current()));
    }

    private List<Route> routesFor(RoutingTable table) {
        Built cached = built.get();
        if (cached != null && cached.catalogue == table.catalogue()) {
            return cached.routes;
        }
        Built fresh = new Built(table.catalogue(), build(table));
        built.set(fresh);
        return fresh.routes;
    }

    private List<Route> build(RoutingTable table) {
        List<Route> routes = new ArrayList<>();
        int order = 0;
        for (RouteDefinition definition : table.catalogue().routes()) {
            routes.add(Route.async()
                    .id(definition.id())
                    .uri(definition.legacy().uri())
                    .order(order++)
                    .predicate(new RouteRequestPredicate(definition))
                    .filters(routeFilters)
                    .build());
        }
        return List.copyOf(routes);
    }

    private record Built(Object catalogue, List<Route> routes) {
    }
}
