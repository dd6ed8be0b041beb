package dev.ficus.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link RoutingTable}; readers take one snapshot per request, writers swap atomically.
 * Listeners (metrics, breakers) are told after every swap that changed the table, on the writer's thread.
 */
public final class RoutingTableHolder {

    private static final Logger log = LoggerFactory.getLogger(RoutingTableHolder.class);

    private final AtomicReference<RoutingTable> current;
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();

    public RoutingTableHolder(RoutingTable initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public RoutingTable current() {
        return current.get();
    }

    /** Applies {@code change} atomically (retrying on contention) and returns the new table. */
    public RoutingTable update(UnaryOperator<RoutingTable> change) {
        RoutingTable before = current.get();
        RoutingTable after = current.updateAndGet(change);
        if (after != before) {
            tellCurrent();
        }
        return after;
    }

    /**
     * Calls {@code listener} with the current table now and after every swap that changes it. Listeners run on
     * the thread that swapped (admin API, reload, rollout: never a request) and must be quick; one that throws is
     * logged and does not undo the swap.
     */
    public void addListener(Consumer<RoutingTable> listener) {
        synchronized (this) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            listener.accept(current());
        }
    }

    /**
     * Serialised and reading the table inside the lock: whichever call runs last tells the newest table, so two
     * racing writers cannot leave a listener on the older one.
     */
    private synchronized void tellCurrent() {
        RoutingTable table = current.get();
        for (Consumer<RoutingTable> listener : listeners) {
            try {
                listener.accept(table);
            }
            catch (RuntimeException e) {
                log.warn("Routing table listener {} failed on version {}", listener, table.version(), e);
            }
        }
    }
}
