package dev.ficus.gateway.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Breaker state per route and side ({@code survey.modern: OPEN}). Always UP: an open breaker is Ficus doing its
 * job (falling back or failing fast), not the gateway being unhealthy; alert on the state, not on the status.
 */
final class BreakersHealthIndicator extends AbstractHealthIndicator {

    private final RouteBreakers breakers;

    BreakersHealthIndicator(RouteBreakers breakers) {
        super("breakers health check failed");
        this.breakers = breakers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> states = new LinkedHashMap<>();
        breakers.all().forEach((route, sides) -> {
            states.put(route + ".legacy", describe(sides.legacy()));
            states.put(route + ".modern", describe(sides.modern()));
        });
        builder.up().withDetails(states);
    }

    private static Map<String, Object> describe(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        return Map.of("state", breaker.getState().name(), "failureRate", metrics.getFailureRate(),
                "slowCallRate", metrics.getSlowCallRate(), "bufferedCalls", metrics.getNumberOfBufferedCalls());
    }
}
