package dev.ficus.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Why a call to a side failed; the id is a metric tag and the {@code X-Ficus-Fallback} reason. */
public enum FailureReason {
    /** The side's breaker is open (or half-open and out of probes): nothing was sent. */
    BREAKER_OPEN("breaker-open", false),
    /** The connection could not be made: nothing was sent. */
    CONNECT("connect", false),
    /** No response within the side's response timeout. */
    TIMEOUT("timeout", true),
    /** The connection was reset or closed before a response. */
    RESET("reset", true),
    /** The side answered with a status counted as failure (5xx by default). */
    STATUS("status", true);

    private final String id;
    private final boolean requestMayHaveBeenSent;

    FailureReason(String id, boolean requestMayHaveBeenSent) {
        this.id = id;
        this.requestMayHaveBeenSent = requestMayHaveBeenSent;
    }

    public String id() {
        return id;
    }

    /** Whether the side may have received (and acted on) the request, so a replay could double a write. */
    public boolean requestMayHaveBeenSent() {
        return requestMayHaveBeenSent;
    }

    /** Classifies an error of a forwarding attempt; {@code null} when it is not an upstream failure. */
    public static FailureReason of(Throwable error) {
        if (error instanceof CallNotPermittedException) {
            return BREAKER_OPEN;
        }
        if (error instanceof FailureStatusException) {
            return STATUS;
        }
        if (error instanceof ConnectTimeoutException || error instanceof ConnectException) {
            return CONNECT;
        }
        if (error instanceof TimeoutException || error instanceof ResponseStatusException status
                && status.getStatusCode().value() == 504) {
            return TIMEOUT;
        }
        if (error instanceof IOException || error.getCause() instanceof IOException) {
            return RESET;
        }
        return null;
    }
}
