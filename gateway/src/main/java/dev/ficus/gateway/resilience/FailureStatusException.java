package dev.ficus.gateway.resilience;

/** A side answered with a status its route counts as failure; the response has not been written yet. */
final class FailureStatusException extends RuntimeException {

    private final int status;

    FailureStatusException(int status) {
        super("upstream answered " + status, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
