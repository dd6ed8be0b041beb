package dev.ficus.gateway.observability;

import java.util.Locale;

/** How a request ended, as seen by the client; a bounded metric tag and an access-log field. */
public enum Outcome {
    /** Served by the side the decision picked, with a status below 500. */
    SUCCESS,
    /** Served by the other side after the decided side failed (the client saw no error). */
    FALLBACK,
    /** Ended with a 5xx: the upstream's own, or a gateway problem after a failed call (502/504). */
    ERROR,
    /** Refused by the gateway without calling an upstream: no route matched, or an open breaker answered 503. */
    REJECTED,
    /** The client went away before a response was sent. */
    CANCELLED;

    private final String id = name().toLowerCase(Locale.ROOT);

    public String id() {
        return id;
    }
}
