package dev.ficus.gateway.store;

import dev.ficus.gateway.routing.RouteRuntime;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableRestorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * At startup, puts back the weights operators set before the restart: saved state wins over the routes file's
 * weights for routes that still exist; state of routes the file no longer has is dropped, audited
 * ({@code source: file}) and removed from the store. Unreadable state stops the start unless
 * {@code ficus.state.on-corrupt=ignore}.
 */
final class StateRestorer implements RoutingTableRestorer {

    private static final Logger log = LoggerFactory.getLogger(StateRestorer.class);

    private final RuntimeStateStore store;
    private final AuditLog audit;
    private final StateProperties.OnCorrupt onCorrupt;
    private final Clock clock;

    StateRestorer(RuntimeStateStore store, AuditLog audit, StateProperties.OnCorrupt onCorrupt, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.onCorrupt = onCorrupt;
        this.clock = clock;
    }

    @Override
    public RoutingTable restore(RoutingTable compiled) {
        Optional<Map<String, RouteRuntime>> saved = load();
        if (saved.isEmpty()) {
            return compiled;
        }
        Map<String, RouteRuntime> kept = new LinkedHashMap<>();
        Map<String, RouteRuntime> dropped = new LinkedHashMap<>();
        saved.get().forEach((id, runtime) -> (compiled.route(id) == null ? dropped : kept).put(id, runtime));
        RoutingTable restored = compiled.restore(kept);
        kept.forEach((id, runtime) -> {
            int fileWeight = compiled.route(id).rule().weight();
            if (fileWeight != runtime.weight()) {
                log.info("Route {}: weight {} from saved state (routes file says {})", id, runtime.weight(),
                        fileWeight);
            }
        });
        if (!dropped.isEmpty()) {
            dropped.forEach((id, runtime) -> audit.append(new AuditEntry(clock.instant(), "file", id,
                    runtime.weight(), null, "route no longer in " + compiled.catalogue().source()
                            + "; its saved weight is dropped", AuditEntry.Source.FILE)));
            store.save(restored.runtime());
        }
        return restored;
    }

    private Optional<Map<String, RouteRuntime>> load() {
        try {
            return store.load();
        }
        catch (CorruptStateException e) {
            if (onCorrupt == StateProperties.OnCorrupt.FAIL) {
                throw e;
            }
            String aside = store.discardCorrupt();
            log.warn("{}; ficus.state.on-corrupt=ignore: starting from the routes file's weights (bad file moved to "
                    + "{})", e.getMessage(), aside);
            return Optional.empty();
        }
    }
}
