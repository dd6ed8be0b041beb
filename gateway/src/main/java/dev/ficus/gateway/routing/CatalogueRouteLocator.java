package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteDefinition;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.web.server.ServerWebExchange;
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

    /**
     * The first catalogue route (in file order, as Spring Cloud Gateway orders them) whose paths, methods, hosts and
     * headers match the request, tested synchronously; {@code null} when none does.
     */
    Route match(ServerWebExchange exchange) {
        Built current = built(tables.current());
        for (int i = 0; i < current.predicates.length; i++) {
            if (current.predicates[i].test(exchange)) {
                return current.routes.get(i);
            }
        }
        return null;
    }

    private List<Route> routesFor(RoutingTable table) {
        return built(table).routes;
    }

    private Built built(RoutingTable table) {
        Built cached = built.get();
        if (cached != null && cached.catalogue == table.catalogue()) {
            return cached;
        }
        Built fresh = build(table);
        built.set(fresh);
        return fresh;
    }

    private Built build(RoutingTable table) {
        List<Route> routes = new ArrayList<>();
        List<RouteRequestPredicate> predicates = new ArrayList<>();
        int order = 0;
        for (RouteDefinition definition : table.catalogue().routes()) {
            RouteRequestPredicate predicate = new RouteRequestPredicate(definition);
            predicates.add(predicate);
            routes.add(Route.async()
                    .id(definition.id())
                    .uri(definition.legacy().uri())
                    .order(order++)
                    .predicate(predicate)
                    .filters(routeFilters)
                    .build());
        }
        return new Built(table.catalogue(), List.copyOf(routes), predicates.toArray(RouteRequestPredicate[]::new));
    }

    private record Built(Object catalogue, List<Route> routes, RouteRequestPredicate[] predicates) {
    }
}
