package dev.ficus.gateway.routing;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Holds the current {@link RoutingTable}; readers take one snapshot per request, writers swap atomically. */
public final class RoutingTableHolder {

    private final AtomicReference<RoutingTable> current;

    public RoutingTableHolder(RoutingTable initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public RoutingTable current() {
        return current.get();
    }

    /** Applies {@code change} atomically (retrying on contention) and returns the new table. */
    public RoutingTable update(UnaryOperator<RoutingTable> change) {
        return current.updateAndGet(change);
    }
}
