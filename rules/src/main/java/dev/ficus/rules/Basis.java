package dev.ficus.rules;

/** Why a request went to the side it went to. */
public enum Basis {
    /** The weight is 0 or 100: every request goes to one side, no hash or draw is made. */
    FIXED,
    /** The request carried the route's stickiness key; its bucket decided. */
    STICKY,
    /** The request had no stickiness key; a per-request random draw decided. */
    RANDOM,
    /** An authorised tester forced the side with the override header or cookie. */
    OVERRIDE;

    /** Lower-case name for logs, metrics and span attributes. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
