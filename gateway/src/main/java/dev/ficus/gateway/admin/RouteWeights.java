package dev.ficus.gateway.admin;

import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.gateway.store.RuntimeStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Changes route weights at runtime: one new {@link RoutingTable} per change, swapped in atomically, then the
 * runtime state saved and every changed route audited.
 *
 * <p>Blocking (file I/O): call it off the event loop. Writers are serialised, so state and audit are written in
 * the order the tables were swapped; the ETag is still compared inside the swap, so a writer that does not go
 * through this class cannot slip in between check and swap.
 */
public final class RouteWeights {

    private static final Logger log = LoggerFactory.getLogger(RouteWeights.class);

    private final RoutingTableHolder tables;
    private final RuntimeStateStore state;
    private final AuditLog audit;
    private final Clock clock;
    private final Object writeLock = new Object();
    private final Supplier<List<ManualWeightChangeListener>> listeners;

    public RouteWeights(RoutingTableHolder tables, RuntimeStateStore state, AuditLog audit, Clock clock) {
        this(tables, state, audit, clock, List::of);
    }

    /**
     * @param listeners told after each operator weight change, outside the write lock (looked up lazily: a listener
     *        such as the rollout runtime itself changes weights through this class)
     */
    public RouteWeights(RoutingTableHolder tables, RuntimeStateStore state, AuditLog audit, Clock clock,
            Supplier<List<ManualWeightChangeListener>> listeners) {
        this.tables = tables;
        this.state = state;
        this.audit = audit;
        this.clock = clock;
        this.listeners = listeners;
    }

    /**
     * Applies a weight an automated rollout decided, through the same swap, state file and audit log as operator
     * changes (source {@code rollout}); operator listeners are not told.
     *
     * @return the weight before the change
     * @throws IllegalArgumentException when the route is unknown (e.g. removed from the routes file)
     */
    public int applyRolloutWeight(String id, int weight, String reason) {
        synchronized (writeLock) {
            AtomicReference<RoutingTable> before = new AtomicReference<>();
            RoutingTable after = tables.update(table -> {
                before.set(table);
                CompiledRoute route = table.route(id);
                if (route == null) {
                    throw new IllegalArgumentException("route: " + id + " (expected: a route of the routing table)");
                }
                return route.rule().weight() == weight ? table : table.withWeight(id, weight);
            });
            int from = before.get().route(id).rule().weight();
            if (after != before.get()) {
                persist(after, List.of(new AuditEntry(clock.instant(), "rollout", id, from, weight, reason,
                        AuditEntry.Source.ROLLOUT)));
            }
            return from;
        }
    }

    /** The route as it is now. */
    CompiledRoute route(String id) {
        CompiledRoute route = tables.current().route(id);
        if (route == null) {
            throw AdminProblem.unknownRoute(id);
        }
        return route;
    }

    List<CompiledRoute> routes() {
        return tables.current().routes();
    }

    /**
     * Sets one route's weight if its current ETag is one of {@code ifMatch}.
     *
     * @return the route after the change (unchanged when it already had {@code weight})
     * @throws AdminProblem 404 for an unknown route, 412 when the ETag is stale (nothing changes)
     */
    CompiledRoute setWeight(String id, String ifMatch, int weight, String reason, String actor) {
        CompiledRoute changed = setWeightLocked(id, ifMatch, weight, reason, actor);
        tellListeners(List.of(id), weight, actor);
        return changed;
    }

    private CompiledRoute setWeightLocked(String id, String ifMatch, int weight, String reason, String actor) {
        synchronized (writeLock) {
            AtomicReference<RoutingTable> before = new AtomicReference<>();
            RoutingTable after = tables.update(table -> {
                before.set(table);
                CompiledRoute route = table.route(id);
                if (route == null) {
                    throw AdminProblem.unknownRoute(id);
                }
                if (!ETags.matches(ifMatch, route)) {
                    throw AdminProblem.preconditionFailed(id, ifMatch, ETags.of(route));
                }
                return route.rule().weight() == weight ? table : table.withWeight(id, weight);
            });
            int from = before.get().route(id).rule().weight();
            if (after != before.get()) {
                persist(after, List.of(entry(actor, id, from, weight, reason)));
            }
            return after.route(id);
        }
    }

    /**
     * Sets the listed routes (all when {@code ids} is {@code null}) to weight 0 in one new table.
     *
     * @return the listed routes after the change
     * @throws AdminProblem 404 when an id is unknown (nothing changes)
     */
    List<CompiledRoute> rollback(List<String> ids, String reason, String actor) {
        List<CompiledRoute> routes = rollbackLocked(ids, reason, actor);
        tellListeners(routes.stream().map(CompiledRoute::id).toList(), 0, actor);
        return routes;
    }

    /** Outside the write lock: a listener may itself change weights. */
    private void tellListeners(List<String> ids, int weight, String actor) {
        for (ManualWeightChangeListener listener : listeners.get()) {
            ids.forEach(id -> listener.onManualWeightChange(id, weight, actor));
        }
    }

    private List<CompiledRoute> rollbackLocked(List<String> ids, String reason, String actor) {
        synchronized (writeLock) {
            AtomicReference<RoutingTable> before = new AtomicReference<>();
            RoutingTable after = tables.update(table -> {
                before.set(table);
                Map<String, Integer> zeros = new LinkedHashMap<>();
                for (String id : ids == null ? table.routes().stream().map(CompiledRoute::id).toList() : ids) {
                    if (table.route(id) == null) {
                        throw AdminProblem.unknownRoute(id);
                    }
                    zeros.put(id, 0);
                }
                return table.withWeights(zeros);
            });
            List<AuditEntry> entries = new ArrayList<>();
            List<CompiledRoute> result = new ArrayList<>();
            for (CompiledRoute route : ids == null ? after.routes() : ids.stream().map(after::route).toList()) {
                int from = before.get().route(route.id()).rule().weight();
                if (from != 0) {
                    entries.add(entry(actor, route.id(), from, 0, reason));
                }
                result.add(route);
            }
            if (!entries.isEmpty()) {
                persist(after, entries);
            }
            return List.copyOf(result);
        }
    }

    private AuditEntry entry(String actor, String route, int from, int to, String reason) {
        return new AuditEntry(clock.instant(), actor, route, from, to, reason, AuditEntry.Source.API);
    }

    /** The change is live once swapped; failing to record it is reported, not hidden. */
    private void persist(RoutingTable after, List<AuditEntry> entries) {
        try {
            state.save(tables.current().runtime());
            entries.forEach(audit::append);
        }
        catch (RuntimeException e) {
            log.error("Weight change is live in table version {} but was not saved: {}", after.version(), entries, e);
            throw AdminProblem.stateNotSaved("The change is live but could not be saved (" + e.getMessage()
                    + "); it will be lost on restart. Check ficus.state.dir.");
        }
    }
}
