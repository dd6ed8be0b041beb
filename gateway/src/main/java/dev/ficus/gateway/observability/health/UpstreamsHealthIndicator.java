package dev.ficus.gateway.observability.health;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reachability of each route side's upstream ({@code upstreams} component), from the prober's cache: a health
 * request never probes. Always UP: an unreachable side is served around (the other side, fallback, breaker) and
 * must not take the gateway out of a load balancer; alert on the details. Not part of liveness or readiness.
 */
final class UpstreamsHealthIndicator extends AbstractHealthIndicator {

    private final UpstreamProber prober;

    UpstreamsHealthIndicator(UpstreamProber prober) {
        super("upstreams health check failed");
        this.prober = prober;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> details = new LinkedHashMap<>();
        prober.snapshot().forEach((side, sided) -> details.put(side, describe(sided)));
        builder.up().withDetails(details);
    }

    private static Map<String, Object> describe(UpstreamProber.Sided sided) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("address", sided.address().toString());
        UpstreamCheck check = sided.check();
        if (check == null) {
            detail.put("status", "UNKNOWN");
            return detail;
        }
        detail.put("status", check.reachable() ? "UP" : "DOWN");
        detail.put("lastChecked", check.checkedAt().toString());
        detail.put("latencyMs", check.latencyMillis());
        if (check.error() != null) {
            detail.put("error", check.error());
        }
        return detail;
    }
}
