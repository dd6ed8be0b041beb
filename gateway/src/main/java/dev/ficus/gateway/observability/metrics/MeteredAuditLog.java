package dev.ficus.gateway.observability.metrics;

import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Counts every accepted change in {@code ficus.admin.changes{source, kind}} as it is appended to the audit log,
 * the one path every weight change (admin API, routes file, rollout) goes through. {@code source} is
 * {@code api|file|rollout}; {@code kind} is {@code raise} or {@code lower} (the weight to the new side went up or
 * down) or {@code remove} (a reload removed the route and its saved weight). Only an entry the delegate appended
 * is counted.
 */
public final class MeteredAuditLog implements AuditLog {

    public static final String NAME = "ficus.admin.changes";

    private final AuditLog delegate;
    private final Supplier<MeterRegistry> registry;

    /** @param registry looked up at the first change: the audit log exists before the meter registry is ready */
    public MeteredAuditLog(AuditLog delegate, Supplier<MeterRegistry> registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = registry;
    }

    public AuditLog delegate() {
        return delegate;
    }

    @Override
    public void append(AuditEntry entry) {
        delegate.append(entry);
        MeterRegistry meters = registry.get();
        if (meters != null) {
            Counter.builder(NAME).description("Accepted weight changes, by where they came from")
                    .tag("source", entry.source().id()).tag("kind", kind(entry))
                    .register(meters).increment();
        }
    }

    static String kind(AuditEntry entry) {
        if (entry.to() == null) {
            return "remove";
        }
        return entry.from() != null && entry.to() < entry.from() ? "lower" : "raise";
    }

    @Override
    public List<AuditEntry> newest(String route, int limit) {
        return delegate.newest(route, limit);
    }

    @Override
    public String toString() {
        return "MeteredAuditLog[" + delegate + "]";
    }
}
