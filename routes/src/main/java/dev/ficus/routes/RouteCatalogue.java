package dev.ficus.routes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated set of routes from one routes file, in file order (earlier routes match first).
 *
 * @param routes the routes; ids are unique
 * @param source where the catalogue was loaded from, for messages ({@code /etc/ficus/routes.yaml})
 */
public record RouteCatalogue(List<RouteDefinition> routes, String source) {

    public RouteCatalogue {
        routes = List.copyOf(routes);
        Map<String, RouteDefinition> seen = new LinkedHashMap<>();
        for (RouteDefinition route : routes) {
            if (seen.putIfAbsent(route.id(), route) != null) {
                throw new IllegalArgumentException("id: " + route.id() + " (expected: unique route ids)");
            }
        }
    }

    public Optional<RouteDefinition> find(String id) {
        for (RouteDefinition route : routes) {
            if (route.id().equals(id)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }
}
