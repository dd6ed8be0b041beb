package dev.ficus.routes;

import java.net.URI;
import java.util.Objects;

/**
 * One side's backend: where requests go and how long Ficus waits for it.
 *
 * <p>A path in the URI ({@code https://api.example.com/prod}) is a base path prepended to every forwarded path,
 * as for an API Gateway stage.
 *
 * @param uri absolute {@code http} or {@code https} URI with a host, without query, fragment or user info
 * @param timeouts connect and response timeouts for this side
 */
public record Upstream(URI uri, Timeouts timeouts) {

    public Upstream {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(timeouts, "timeouts");
        String problem = problemWith(uri);
        if (problem != null) {
            throw new IllegalArgumentException("uri: " + uri + " (" + problem + ")");
        }
    }

    /** Why {@code uri} cannot be an upstream, as an "expected: …" phrase, or {@code null} when it can. */
    static String problemWith(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return "expected: an http:// or https:// URI";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "expected: a host name or address";
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return "expected: no query, fragment or user info";
        }
        return null;
    }

    /** The URI path to prepend to forwarded paths, without a trailing slash; empty when none. */
    public String basePath() {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "";
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
