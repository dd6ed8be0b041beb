package dev.ficus.gateway.routing;

import dev.ficus.rules.Side;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.Objects;

/**
 * A side of a route failed and the request could not be served by the other: answered by
 * {@link ProblemWebExceptionHandler} as a problem that names the route and the side that failed.
 */
public final class UpstreamFailureException extends RuntimeException {

    private final String routeId;
    private final Side side;
    private final HttpStatus status;
    private final String type;
    private final Duration retryAfter;

    /**
     * @param status 502, 503 or 504
     * @param type one of the {@code ProblemWebExceptionHandler.TYPE_*} URIs
     * @param retryAfter when to try again (sent as {@code Retry-After}); {@code null} for none
     */
    public UpstreamFailureException(String routeId, Side side, HttpStatus status, String type, String detail,
            Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.routeId = Objects.requireNonNull(routeId, "routeId");
        this.side = Objects.requireNonNull(side, "side");
        this.status = Objects.requireNonNull(status, "status");
        this.type = Objects.requireNonNull(type, "type");
        this.retryAfter = retryAfter;
    }

    public String routeId() {
        return routeId;
    }

    public Side side() {
        return side;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
