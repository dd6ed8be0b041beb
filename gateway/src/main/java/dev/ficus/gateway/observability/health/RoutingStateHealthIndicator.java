package dev.ficus.gateway.observability.health;

import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableLoadListener;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.time.Clock;
import java.time.Instant;

/**
 * The {@code routingState} component of the readiness group: DOWN until the route catalogue is compiled and the
 * runtime state ({@code state.json}) restored into the first routing table, DOWN for good when that failed, UP
 * with the catalogue source and route count once loaded. Spring's own readiness state stays REFUSING_TRAFFIC until
 * startup finished as well; this one names the reason.
 */
final class RoutingStateHealthIndicator extends AbstractHealthIndicator implements RoutingTableLoadListener {

    private final Clock clock;
    private volatile Health health = Health.down().withDetail("state", "not loaded").build();

    RoutingStateHealthIndicator(Clock clock) {
        super("routing state health check failed");
        this.clock = clock;
    }

    @Override
    public void loading() {
        health = Health.down().withDetail("state", "loading").withDetail("since", clock.instant().toString())
                .build();
    }

    @Override
    public void loaded(RoutingTable table) {
        Instant now = clock.instant();
        health = Health.up().withDetail("state", "loaded").withDetail("catalogue", table.catalogue().source())
                .withDetail("routes", table.routes().size()).withDetail("loadedAt", now.toString()).build();
    }

    @Override
    public void failed(RuntimeException error) {
        health = Health.down().withDetail("state", "failed").withDetail("error", error.getMessage()).build();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Health current = health;
        builder.status(current.getStatus()).withDetails(current.getDetails());
    }
}
