package dev.ficus.gateway.rollout;

/** The route has no rollout, or does not exist; the admin API answers 404. */
public final class UnknownRolloutException extends RuntimeException {

    public UnknownRolloutException(String routeId) {
        this(routeId, "rollout of " + routeId + ": none (expected: a started rollout; POST /admin/routes/" + routeId
                + "/rollout starts one)");
    }

    public UnknownRolloutException(String routeId, String message) {
        super(message);
    }
}
