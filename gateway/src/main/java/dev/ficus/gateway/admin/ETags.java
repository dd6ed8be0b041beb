package dev.ficus.gateway.admin;

import dev.ficus.gateway.routing.CompiledRoute;

/**
 * Strong ETags of one route's runtime state: {@code "<revision>-<weight>"}. The revision is the route's own change
 * counter, so a change to another route leaves this ETag valid.
 */
final class ETags {

    private ETags() {
    }

    static String of(CompiledRoute route) {
        return "\"" + route.revision() + "-" + route.rule().weight() + "\"";
    }

    /**
     * Whether an {@code If-Match} header value (RFC 9110: {@code *} or a list of entity tags) matches the route.
     * Weak tags never match: If-Match uses strong comparison.
     */
    static boolean matches(String ifMatch, CompiledRoute route) {
        if (ifMatch == null) {
            return false;
        }
        String current = of(route);
        for (String tag : ifMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.equals("*") || candidate.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
