package dev.ficus.rules;

/**
 * The two upstreams of a migrating route.
 *
 * <p>{@link #LEGACY} is the monolith that answers today; {@link #MODERN} is the new (often serverless)
 * service that takes over path by path.
 */
public enum Side {
    LEGACY,
    MODERN;

    /** Lower-case name as used in headers, metrics and the routes file ({@code legacy}, {@code modern}). */
    public String id() {
        return this == LEGACY ? "legacy" : "modern";
    }

    /** Parses {@code legacy} or {@code modern} (case-insensitive); returns {@code null} for anything else. */
    public static Side fromId(String value) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("legacy")) {
            return LEGACY;
        }
        if (value.equalsIgnoreCase("modern")) {
            return MODERN;
        }
        return null;
    }
}
