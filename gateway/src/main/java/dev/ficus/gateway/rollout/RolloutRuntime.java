package dev.ficus.gateway.rollout;

import dev.ficus.gateway.admin.ManualWeightChangeListener;
import dev.ficus.gateway.admin.RouteWeights;
import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.RuntimeStateStore;
import dev.ficus.gateway.store.SavedRollout;
import dev.ficus.rules.rollout.Measurement;
import dev.ficus.rules.rollout.Rollout;
import dev.ficus.rules.rollout.RolloutDecision;
import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutSnapshot;
import dev.ficus.rules.rollout.RolloutState;
import dev.ficus.rules.rollout.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rollouts of the running gateway, one per route (finished ones are kept for the admin API until a new one
 * starts): starts them, runs the operator moves, and on each {@link #analyseDue()} measures the new side of every
 * progressing rollout whose interval is due and applies the decision.
 *
 * <p>Weights change only through {@link RouteWeights#applyRolloutWeight}, the same swap, state file and audit log
 * as the admin API. Each analysis reads a fresh window: from the later of the last analysis and the start of the
 * current step's hold window (which start, resume and restore reset), so data from before a pause or restart never
 * counts. Moves are serialised on this object; the blocking work (file I/O) runs on the caller's thread, which is the
 * rollout scheduler or a bounded-elastic admin thread, never the event loop.
 */
public final class RolloutRuntime implements ManualWeightChangeListener {

    private static final Logger log = LoggerFactory.getLogger(RolloutRuntime.class);

    private final RoutingTableHolder tables;
    private final RouteWeights weights;
    private final RolloutMeasurementSource measurements;
    private final RolloutEvents events;
    private final Clock clock;
    private final RuntimeStateStore store;
    private final Map<String, Entry> rollouts = new ConcurrentHashMap<>();

    public RolloutRuntime(RoutingTableHolder tables, RouteWeights weights, RolloutMeasurementSource measurements,
            RolloutEvents events, Clock clock, RuntimeStateStore store) {
        this.store = store;
        this.tables = tables;
        this.weights = weights;
        this.measurements = measurements;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Starts a rollout of {@code routeId} from its current weight and applies the first step.
     *
     * @throws UnknownRolloutException when the route is unknown
     * @throws IllegalStateException when a rollout of the route is still active, or the route's weight is already at
     *         or above the last step
     */
    public synchronized RolloutSnapshot start(String routeId, RolloutPlan plan, String actor) {
        CompiledRoute route = existingRoute(routeId);
        Entry existing = rollouts.get(routeId);
        if (existing != null && !existing.rollout.snapshot().state().isTerminal()) {
            throw new IllegalStateException("rollout of " + routeId + ": " + existing.rollout.snapshot().state()
                    + " (expected: no active rollout; abort it first)");
        }
        Rollout rollout = Rollout.create(plan, clock);
        int weight = route.rule().weight();
        if (weight >= plan.weightOf(plan.lastStepIndex())) {
            throw new IllegalStateException("weight of " + routeId + ": " + weight + " (expected: below the last step "
                    + plan.weightOf(plan.lastStepIndex()) + " to start a rollout)");
        }
        Entry entry = new Entry(rollout);
        rollouts.put(routeId, entry);
        events.tracking(routeId, this::snapshotOrNull);
        apply(routeId, entry, RolloutState.PENDING, rollout.start(weight), actor);
        return rollout.snapshot();
    }

    /**
     * Restores the saved rollouts at startup without moving any weight: an active one stays on its step with a fresh
     * window (nothing from before the restart counts), a finished one is kept for the admin API. Rollouts of routes
     * the routes file no longer has are dropped; an unreadable rollouts part is logged and ignored (weights are
     * restored separately).
     */
    public synchronized void restoreSaved() {
        Map<String, SavedRollout> saved;
        try {
            saved = store.loadRollouts();
        }
        catch (RuntimeException e) {
            log.error("Saved rollouts cannot be read; starting without them", e);
            return;
        }
        saved.forEach(this::restoreOne);
        if (rollouts.size() != saved.size()) {
            persist();
        }
    }

    private void restoreOne(String routeId, SavedRollout saved) {
        if (tables.current().route(routeId) == null) {
            log.info("Saved rollout of {} dropped: the route is no longer in the routes file", routeId);
            return;
        }
        try {
            rollouts.put(routeId, new Entry(Rollout.restore(saved.plan(), saved.snapshot(), clock)));
            events.tracking(routeId, this::snapshotOrNull);
            log.info("Rollout of {} restored: {}", routeId, rollouts.get(routeId).rollout);
        }
        catch (RuntimeException e) {
            log.error("Saved rollout of {} cannot be restored; it is dropped", routeId, e);
        }
    }

    public synchronized RolloutSnapshot pause(String routeId, String actor) {
        return operatorMove(routeId, actor, Rollout::pause);
    }

    public synchronized RolloutSnapshot resume(String routeId, String actor) {
        return operatorMove(routeId, actor, Rollout::resume);
    }

    public synchronized RolloutSnapshot promote(String routeId, String actor) {
        return operatorMove(routeId, actor, Rollout::promote);
    }

    public synchronized RolloutSnapshot abort(String routeId, String actor) {
        return operatorMove(routeId, actor, Rollout::abort);
    }

    /** The route's rollout (active or finished), if any. */
    public Optional<Rollout> rollout(String routeId) {
        return Optional.ofNullable(rollouts.get(routeId)).map(entry -> entry.rollout);
    }

    /** Every route's rollout, route id to rollout. */
    public Map<String, Rollout> rollouts() {
        Map<String, Rollout> all = new java.util.TreeMap<>();
        rollouts.forEach((id, entry) -> all.put(id, entry.rollout));
        return all;
    }

    /** Drops the rollouts of routes the routing table no longer has (routes-file reload). */
    public synchronized void dropRemovedRoutes() {
        boolean dropped = rollouts.keySet().removeIf(id -> {
            boolean gone = tables.current().route(id) == null;
            if (gone) {
                log.info("Rollout of {} dropped: the route is no longer in the routes file", id);
                events.untracking(id);
            }
            return gone;
        });
        if (dropped) {
            persist();
        }
    }

    /**
     * Analyses every progressing rollout whose interval is due. One route's failure (e.g. the state file cannot be
     * written) is logged and does not stop the others.
     */
    public synchronized void analyseDue() {
        dropRemovedRoutes();
        Instant now = clock.instant();
        rollouts.forEach((routeId, entry) -> {
            RolloutSnapshot s = entry.rollout.snapshot();
            if (s.state() == RolloutState.PROGRESSING && s.nextDecisionDue() != null
                    && !now.isBefore(s.nextDecisionDue())) {
                analyse(routeId, entry, s, now);
            }
        });
    }

    /** Pauses the route's active rollout so analysis does not undo what an operator set. */
    @Override
    public synchronized void onManualWeightChange(String routeId, int weight, String actor) {
        Entry entry = rollouts.get(routeId);
        if (entry == null) {
            return;
        }
        RolloutState before = entry.rollout.snapshot().state();
        if (before != RolloutState.PROGRESSING && before != RolloutState.PAUSED) {
            return;
        }
        RolloutDecision decision = entry.rollout.manualWeightChange(weight);
        events.transition(routeId, before, decision, entry.rollout.snapshot(), actor);
        persist();
    }

    private void analyse(String routeId, Entry entry, RolloutSnapshot s, Instant now) {
        Instant since = later(entry.lastAnalysisAt, s.stepStartedAt());
        try {
            Measurement measurement = measurements.measure(routeId, since, now);
            entry.lastAnalysisAt = now;
            apply(routeId, entry, s.state(), entry.rollout.analyse(measurement), "rollout");
        }
        catch (RuntimeException e) {
            log.error("Rollout analysis of {} failed; it is retried at the next tick", routeId, e);
        }
    }

    private RolloutSnapshot operatorMove(String routeId, String actor, Function<Rollout, RolloutDecision> move) {
        Entry entry = rollouts.get(routeId);
        if (entry == null) {
            throw new UnknownRolloutException(routeId);
        }
        RolloutState before = entry.rollout.snapshot().state();
        apply(routeId, entry, before, move.apply(entry.rollout), actor);
        return entry.rollout.snapshot();
    }

    private void apply(String routeId, Entry entry, RolloutState before, RolloutDecision decision, String actor) {
        RolloutSnapshot after = entry.rollout.snapshot();
        if (decision.weightChanged()) {
            weights.applyRolloutWeight(routeId, decision.weight(), reason(decision, after, actor));
        }
        events.transition(routeId, before, decision, after, actor);
        if (decision.transition() != Transition.HOLD) {
            persist();
        }
    }

    /** Holds are not saved: a restore starts a fresh window and forgets readings anyway. */
    private void persist() {
        Map<String, SavedRollout> saved = new java.util.TreeMap<>();
        rollouts.forEach((id, entry) -> saved.put(id, SavedRollout.of(entry.rollout.plan(), entry.rollout.snapshot())));
        try {
            store.saveRollouts(saved);
        }
        catch (RuntimeException e) {
            log.error("Rollout state is live but was not saved; it will be lost on restart. Check ficus.state.dir", e);
        }
    }

    private static String reason(RolloutDecision decision, RolloutSnapshot after, String actor) {
        String move = decision.transition().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String by = "rollout".equals(actor) ? "" : " by " + actor;
        return after.rollbackReasonIfAny().map(r -> "rollout " + move + ": " + r)
                .orElse("rollout " + move + by + " (step " + after.stepIndex() + ")");
    }

    private CompiledRoute existingRoute(String routeId) {
        CompiledRoute route = tables.current().route(routeId);
        if (route == null) {
            throw new UnknownRolloutException(routeId, "route: " + routeId + " (expected: a route of the routes file)");
        }
        return route;
    }

    private RolloutSnapshot snapshotOrNull(String routeId) {
        Entry entry = rollouts.get(routeId);
        return entry == null ? null : entry.rollout.snapshot();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** A rollout and when it was last analysed (the start of the next window unless its step restarted since). */
    private static final class Entry {
        final Rollout rollout;
        volatile Instant lastAnalysisAt;

        Entry(Rollout rollout) {
            this.rollout = rollout;
        }
    }
}
