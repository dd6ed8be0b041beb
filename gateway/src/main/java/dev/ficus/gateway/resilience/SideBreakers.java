package dev.ficus.gateway.resilience;

import dev.ficus.rules.Side;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** The two circuit breakers of a route, one per side. */
public record SideBreakers(CircuitBreaker legacy, CircuitBreaker modern) {

    public CircuitBreaker of(Side side) {
        return side == Side.MODERN ? modern : legacy;
    }
}
