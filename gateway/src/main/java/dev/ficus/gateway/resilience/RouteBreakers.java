package dev.ficus.gateway.resilience;

import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.routes.ResiliencePolicy;
import dev.ficus.routes.RouteDefinition;
import dev.ficus.rules.Side;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Resilience4j circuit breaker per route and side, named {@code <route>.<side>}, configured from the route's
 * {@link ResiliencePolicy}. A breaker is replaced only when its route's policy changes (a catalogue reload), so a
 * weight change never resets breaker state.
 *
 * <p>No TimeLimiter is involved: the side's own connect and response timeouts (routes file) are applied by the HTTP
 * client, so the reactive Resilience4j factory's silent 1 s default never applies.
 */
public final class RouteBreakers {

    private final CircuitBreakerRegistry registry;
    private final Clock clock;
    private final Map<String, Entry> byRoute = new ConcurrentHashMap<>();

    public RouteBreakers(CircuitBreakerRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The breakers for {@code route}, created (or re-created after a policy change) on first use. */
    public SideBreakers of(RouteDefinition route) {
        Entry entry = byRoute.get(route.id());
        if (entry != null && (entry.policy == route.resilience() || entry.policy.equals(route.resilience()))) {
            return entry.breakers;
        }
        return byRoute.compute(route.id(), (id, current) -> current != null
                && current.policy.equals(route.resilience()) ? current : create(route)).breakers;
    }

    /**
     * Follows a routing table: every route of {@code table} has its breakers (so health and
     * {@code resilience4j_circuitbreaker_state} show a route before its first request), and the breakers of routes
     * it no longer has are removed from the registry (which removes their meters: no stale series).
     */
    public void follow(RoutingTable table) {
        table.routes().forEach(route -> of(route.definition()));
        for (String id : List.copyOf(byRoute.keySet())) {
            if (table.route(id) == null) {
                byRoute.computeIfPresent(id, (key, entry) -> {
                    registry.remove(entry.breakers.legacy().getName());
                    registry.remove(entry.breakers.modern().getName());
                    return null;
                });
            }
        }
    }

    /** Current breakers, by route id (for health and the admin API). */
    public Map<String, SideBreakers> all() {
        Map<String, SideBreakers> all = new java.util.TreeMap<>();
        byRoute.forEach((id, entry) -> all.put(id, entry.breakers));
        return all;
    }

    private Entry create(RouteDefinition route) {
        CircuitBreakerConfig config = config(route.resilience());
        return new Entry(route.resilience(), new SideBreakers(replace(route.id(), Side.LEGACY, config),
                replace(route.id(), Side.MODERN, config)));
    }

    private CircuitBreaker replace(String routeId, Side side, CircuitBreakerConfig config) {
        String name = routeId + "." + side.id();
        registry.remove(name);
        return registry.circuitBreaker(name, config);
    }

    CircuitBreakerConfig config(ResiliencePolicy policy) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.slidingWindow())
                .minimumNumberOfCalls(policy.minimumCalls())
                .failureRateThreshold(policy.failureRateThreshold())
                .slowCallRateThreshold(policy.slowCallRateThreshold())
                .slowCallDurationThreshold(policy.slowCallDuration())
                .waitDurationInOpenState(policy.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(policy.halfOpenCalls())
                .recordResult(result -> result instanceof Integer status && policy.isFailure(status))
                .recordException(error -> FailureReason.of(error) != null)
                .clock(clock)
                .build();
    }

    private record Entry(ResiliencePolicy policy, SideBreakers breakers) {
    }
}
