package dev.ficus.gateway.routing;

/** Exchange attribute keys Ficus sets; all in one place so filters, logs and metrics agree. */
public final class FicusExchangeAttributes {

    /** The catalogue route id ({@link String}). */
    public static final String ROUTE_ID = "ficus.routeId";

    /** The decision made for the request ({@link dev.ficus.rules.Decision}), made once per request. */
    public static final String DECISION = "ficus.decision";

    /** The compiled route the request belongs to ({@link CompiledRoute}), from the snapshot read once. */
    public static final String ROUTE = "ficus.route";

    /** Why the request fell back to the other side ({@link String} reason id); absent when it did not. */
    public static final String FALLBACK_REASON = "ficus.fallbackReason";

    /** The side that actually serves the request ({@link dev.ficus.rules.Side}). */
    public static final String SERVED_SIDE = "ficus.servedSide";

    /**
     * Why no side could serve the request ({@link dev.ficus.gateway.resilience.FailureReason}); set only when the
     * gateway answers with a problem after a failed call (or an open breaker).
     */
    public static final String FAILURE_REASON = "ficus.failureReason";

    /**
     * The route's path pattern that matched the request ({@link String}, e.g. {@code /survey/**}): what logs show
     * instead of the raw path, which may carry ids.
     */
    public static final String PATH_TEMPLATE = "ficus.pathTemplate";

    /** Latency in nanoseconds ({@link Long}) of the upstream call whose response is sent to the client. */
    public static final String UPSTREAM_NANOS = "ficus.upstreamNanos";

    private FicusExchangeAttributes() {
    }
}
