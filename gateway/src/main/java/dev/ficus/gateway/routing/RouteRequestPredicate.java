package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteDefinition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Whether a request belongs to a catalogue route: path patterns, then methods, hosts and headers. Everything is
 * parsed once, when the catalogue is compiled.
 *
 * <p>Hosts match the {@code Host} header without its port, case-insensitively, with {@code *} and {@code **}
 * wildcards over dot-separated labels (as Spring Cloud Gateway's Host predicate).
 */
final class RouteRequestPredicate implements Predicate<ServerWebExchange> {

    private static final AntPathMatcher HOST_MATCHER = new AntPathMatcher(".");

    private final List<PathPattern> paths;
    private final Set<String> methods;
    private final List<String> hosts;
    private final List<Map.Entry<String, Pattern>> headers;

    RouteRequestPredicate(RouteDefinition route) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.paths = route.paths().stream().map(parser::parse).toList();
        this.methods = route.methods();
        this.hosts = route.hosts().stream().map(host -> host.toLowerCase(Locale.ROOT)).toList();
        this.headers = route.headers().entrySet().stream()
                .map(entry -> Map.entry(entry.getKey(), Pattern.compile(entry.getValue())))
                .toList();
    }

    @Override
    public boolean test(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        PathPattern path = matchingPath(request.getPath().pathWithinApplication());
        boolean matches = path != null
                && (methods.isEmpty() || methods.contains(request.getMethod().name()))
                && (hosts.isEmpty() || hostMatches(request.getHeaders().getFirst(HttpHeaders.HOST)))
                && (headers.isEmpty() || headersMatch(request.getHeaders()));
        if (matches) {
            exchange.getAttributes().put(FicusExchangeAttributes.PATH_TEMPLATE, path.getPatternString());
        }
        return matches;
    }

    private PathPattern matchingPath(PathContainer path) {
        for (PathPattern pattern : paths) {
            if (pattern.matches(path)) {
                return pattern;
            }
        }
        return null;
    }

    private boolean hostMatches(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
        for (String pattern : hosts) {
            if (HOST_MATCHER.match(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    private boolean headersMatch(HttpHeaders requestHeaders) {
        for (Map.Entry<String, Pattern> required : headers) {
            List<String> values = requestHeaders.get(required.getKey());
            if (values == null || values.stream().noneMatch(value -> required.getValue().matcher(value).matches())) {
                return false;
            }
        }
        return true;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
