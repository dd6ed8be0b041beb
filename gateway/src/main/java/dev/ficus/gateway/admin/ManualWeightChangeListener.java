package dev.ficus.gateway.admin;

/**
 * Told when an operator changed a route's weight through the admin API ({@code PUT …/weight} or
 * {@code POST /admin/rollback}); e.g. an active rollout pauses so it does not fight the operator. Spring beans
 * implementing it are found by {@link RouteWeights}.
 */
public interface ManualWeightChangeListener {

    /** Called after the change is live, off the event loop; must not throw. */
    void onManualWeightChange(String routeId, int weight, String actor);
}
