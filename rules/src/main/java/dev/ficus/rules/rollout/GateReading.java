package dev.ficus.rules.rollout;

import java.util.Objects;

/**
 * One gate checked on one interval: what was measured, the bound, and whether it passed. For
 * {@link Gate#MIN_REQUESTS} the bound is a minimum; for every other gate it is a maximum.
 *
 * <pre>{@code
 * GateReading p99 = decision.readings().get(1);
 * log.info("{} {} {} (bound {})", p99.gate().id(), p99.value(), p99.gate().unit(), p99.bound());
 * }</pre>
 */
public record GateReading(Gate gate, double value, double bound, boolean passed) {

    public GateReading {
        Objects.requireNonNull(gate, "gate");
    }

    static GateReading atMost(Gate gate, double value, double bound) {
        return new GateReading(gate, value, bound, value <= bound);
    }

    static GateReading atLeast(Gate gate, double value, double bound) {
        return new GateReading(gate, value, bound, value >= bound);
    }

    /** A sentence for logs and the rollback reason, e.g. {@code "p99: 850.0 ms (bound: 500.0 ms)"}. */
    public String describe() {
        return gate.id() + ": " + value + " " + gate.unit() + " (" + (gate == Gate.MIN_REQUESTS ? "minimum" : "bound")
                + ": " + bound + " " + gate.unit() + ")";
    }
}
