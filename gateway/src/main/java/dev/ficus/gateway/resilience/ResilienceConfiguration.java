package dev.ficus.gateway.resilience;

import dev.ficus.gateway.observability.TrafficObservers;
import dev.ficus.gateway.routing.RoutingTableHolder;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Circuit breakers per route and side, their metrics and health, and the fallback filter. */
@Configuration(proxyBeanMethods = false)
class ResilienceConfiguration {

    @Bean
    CircuitBreakerRegistry ficusCircuitBreakerRegistry(MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry;
    }

    @Bean
    RouteBreakers routeBreakers(CircuitBreakerRegistry registry, Clock clock,
            RoutingTableHolder tables) {
        RouteBreakers breakers = new RouteBreakers(registry, clock);
        // Up front and after every swap: health and metrics show every route before its first request, and a route
        // removed by a reload loses its breakers and their meters.
        tables.addListener(breakers::follow);
        return breakers;
    }

    @Bean
    ResilienceFilter resilienceFilter(RouteBreakers breakers, MeterRegistry meters, TrafficObservers observers) {
        return new ResilienceFilter(breakers, meters, observers);
    }

    @Bean
    HealthIndicator breakersHealthIndicator(RouteBreakers breakers) {
        return new BreakersHealthIndicator(breakers);
    }
}
