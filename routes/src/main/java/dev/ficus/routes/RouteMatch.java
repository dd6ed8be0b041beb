package dev.ficus.routes;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request-matching part of one route, kept to find routes that claim the same requests.
 *
 * <p>Two routes conflict when they list the same path pattern and nothing else tells their requests apart: their
 * method sets overlap (an empty set means any method) and their host and header constraints are the same. The
 * later route could then never be reached for those requests, which is almost always a copy-and-paste mistake.
 *
 * @param label the route's location, {@code routes[1] (survey)}
 * @param paths the path patterns, in file order
 * @param methods upper-case methods; empty for any
 * @param hosts host patterns, lower-cased (host names are case-insensitive)
 * @param headers header names lower-cased (they are case-insensitive) to value regexes
 */
record RouteMatch(String label, List<String> paths, Set<String> methods, Set<String> hosts,
        Map<String, String> headers) {

    RouteMatch {
        paths = List.copyOf(paths);
        methods = Set.copyOf(methods);
        Set<String> lowerHosts = new LinkedHashSet<>();
        hosts.forEach(host -> lowerHosts.add(host.toLowerCase(Locale.ROOT)));
        hosts = Set.copyOf(lowerHosts);
        Map<String, String> lowerHeaders = new LinkedHashMap<>();
        headers.forEach((name, regex) -> lowerHeaders.put(name.toLowerCase(Locale.ROOT), regex));
        headers = Map.copyOf(lowerHeaders);
    }

    /** Whether a request could match both routes if they shared a path pattern. */
    boolean sharesConstraintsWith(RouteMatch other) {
        return methodsOverlap(other) && hosts.equals(other.hosts) && headers.equals(other.headers);
    }

    private boolean methodsOverlap(RouteMatch other) {
        if (methods.isEmpty() || other.methods.isEmpty()) {
            return true;
        }
        for (String method : methods) {
            if (other.methods.contains(method)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports each pattern of the later routes that an earlier route with the same constraints already lists,
     * located at the later route and naming the first such earlier route.
     */
    static void reportOverlaps(List<RouteMatch> routes, Problems problems) {
        for (int later = 1; later < routes.size(); later++) {
            RouteMatch route = routes.get(later);
            for (int index = 0; index < route.paths.size(); index++) {
                String path = route.paths.get(index);
                for (RouteMatch earlier : routes.subList(0, later)) {
                    if (earlier.paths.contains(path) && earlier.sharesConstraintsWith(route)) {
                        problems.add(route.label + ".paths[" + index + "]", YamlNode.show(path)
                                + " (expected: a pattern not already routed to " + earlier.label
                                + " for the same methods, hosts and headers)");
                        break;
                    }
                }
            }
        }
    }
}
