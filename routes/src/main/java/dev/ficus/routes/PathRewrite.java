package dev.ficus.routes;

import java.util.regex.Pattern;

/**
 * How a request path is changed before it is forwarded (to either side): first {@code stripPrefix} leading
 * segments are removed, then, when {@code regex} is set, the first match is replaced with {@code replacement}
 * ({@code $1} / {@code ${name}} refer to groups). The upstream's base path is prepended last.
 *
 * @param stripPrefix leading path segments to drop, 0 or more
 * @param regex compiled pattern, or {@code null} for no regex rewrite
 * @param replacement replacement for the regex match; empty string when {@code regex} is {@code null}
 */
public record PathRewrite(int stripPrefix, Pattern regex, String replacement) {

    public static final PathRewrite NONE = new PathRewrite(0, null, "");

    public PathRewrite {
        if (stripPrefix < 0) {
            throw new IllegalArgumentException("strip-prefix: " + stripPrefix + " (expected: >= 0)");
        }
        replacement = replacement == null ? "" : replacement;
    }

    /** Whether this rewrite changes nothing. */
    public boolean isNone() {
        return stripPrefix == 0 && regex == null;
    }

    /** Applies the rewrite to a raw (still percent-encoded) request path. */
    public String apply(String rawPath) {
        String path = rawPath;
        if (stripPrefix > 0) {
            path = strip(path, stripPrefix);
        }
        if (regex != null) {
            path = regex.matcher(path).replaceFirst(replacement);
            if (path.isEmpty() || path.charAt(0) != '/') {
                path = "/" + path;
            }
        }
        return path;
    }

    private static String strip(String path, int segments) {
        int index = 0;
        for (int i = 0; i < segments; i++) {
            int next = path.indexOf('/', index + 1);
            if (next < 0) {
                return "/";
            }
            index = next;
        }
        return path.substring(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathRewrite other && stripPrefix == other.stripPrefix
                && replacement.equals(other.replacement)
                && (regex == null ? other.regex == null : other.regex != null
                        && regex.pattern().equals(other.regex.pattern()));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * stripPrefix + (regex == null ? 0 : regex.pattern().hashCode())) + replacement.hashCode();
    }
}
