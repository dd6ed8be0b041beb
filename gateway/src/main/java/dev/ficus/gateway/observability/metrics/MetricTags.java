package dev.ficus.gateway.observability.metrics;

import dev.ficus.rules.Side;

import java.util.Set;

/** The bounded values Ficus's metric tags take: no raw path, method or user-derived value ever becomes a tag. */
final class MetricTags {

    /** Tag value where a request has no route or no side (rejected before any call). */
    static final String NONE = "none";

    /** Method tag for any method outside {@link #METHODS}: clients can send any token as a method. */
    static final String OTHER = "OTHER";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "TRACE", "CONNECT");

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private MetricTags() {
    }

    static String method(String method) {
        return method != null && METHODS.contains(method) ? method : OTHER;
    }

    /** {@code 1xx} … {@code 5xx}; anything outside 100–599 is {@code OTHER}. */
    static String statusClass(int status) {
        int hundreds = status / 100;
        return hundreds >= 1 && hundreds <= 5 ? STATUS_CLASSES[hundreds - 1] : OTHER;
    }

    static String side(Side side) {
        return side == null ? NONE : side.id();
    }

    static String route(String routeId) {
        return routeId == null ? NONE : routeId;
    }
}
