package dev.ficus.rules.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The progressive-rollout state machine of one route: moves the new side's weight through the steps of a
 * {@link RolloutPlan}, advancing when every gate passed for the hold time and rolling back when a gate failed for K
 * consecutive intervals.
 *
 * <p>Pure: no I/O, no timers. The gateway measures each analysis interval, calls {@link #analyse(Measurement)} and
 * applies the returned {@link RolloutDecision#weight()}. Operator moves ({@link #pause()}, {@link #resume()},
 * {@link #promote()}, {@link #abort()}, {@link #manualWeightChange(int)}) also return the weight to apply. All state
 * lives in one immutable {@link RolloutSnapshot} swapped atomically, so concurrent callers never see half a move;
 * a move not listed in {@link Transition} for the current state throws {@link IllegalStateException}.
 *
 * <p>Rules: an interval fails when any gate fails; K failed intervals in a row (whichever gates) roll back, and the
 * rollback reason names the failing gate of the last one with its value and bound. An interval with fewer than {@link RolloutPlan#minRequests()} requests counts neither as pass nor fail
 * (never promote on no data) but its readings are reported. Resume and restore start a fresh hold window: a step is
 * never promoted on data older than the window.
 *
 * <pre>{@code
 * Rollout rollout = Rollout.create(plan, Clock.systemUTC());
 * apply(rollout.start(rule.weight()));              // 0 -> 25
 * // every plan.analysisInterval():
 * RolloutDecision d = rollout.analyse(metrics.lastInterval(routeId));
 * if (d.weightChanged()) {
 *     apply(d);                                     // 25 -> 50, or back to the safe weight
 * }
 * }</pre>
 */
public final class Rollout {

    private final RolloutPlan plan;
    private final Clock clock;
    private final AtomicReference<RolloutSnapshot> state;

    private Rollout(RolloutPlan plan, Clock clock, RolloutSnapshot initial) {
        this.plan = plan;
        this.clock = clock;
        this.state = new AtomicReference<>(initial);
    }

    /** A rollout in {@link RolloutState#PENDING}, at the plan's safe weight. */
    public static Rollout create(RolloutPlan plan, Clock clock) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(clock, "clock");
        return new Rollout(plan, clock, new RolloutSnapshot(RolloutState.PENDING, -1, plan.safeWeight(), null, 0,
                List.of(), null, List.of(), null));
    }

    /**
     * A rollout continuing from a saved snapshot, e.g. after a restart. A progressing or paused rollout stays on the
     * same step with a fresh hold window and no failed intervals: what happened before the restart was not watched.
     */
    public static Rollout restore(RolloutPlan plan, RolloutSnapshot snapshot, Clock clock) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(clock, "clock");
        RolloutState s = snapshot.state();
        if (s == RolloutState.PENDING || s.isTerminal()) {
            // nothing is being watched: the snapshot is already the whole truth (an abort may precede the start)
            return new Rollout(plan, clock, snapshot);
        }
        if (snapshot.stepIndex() < 0 || snapshot.stepIndex() > plan.lastStepIndex()) {
            throw new IllegalArgumentException("stepIndex: " + snapshot.stepIndex() + " (expected: 0.."
                    + plan.lastStepIndex() + " for the plan's steps " + plan.steps() + ")");
        }
        Instant now = clock.instant();
        Instant due = s == RolloutState.PROGRESSING ? now.plus(plan.analysisInterval()) : null;
        return new Rollout(plan, clock, new RolloutSnapshot(s, snapshot.stepIndex(), snapshot.weight(), now, 0,
                List.of(), due, snapshot.history(), null));
    }

    public RolloutPlan plan() {
        return plan;
    }

    /** The current state, as one consistent value. */
    public RolloutSnapshot snapshot() {
        return state.get();
    }

    /**
     * Starts at the first step above {@code currentWeight} (the weight the route has now): from 0 that is the first
     * step; from 30 with steps 25, 50, 100 it is 50.
     *
     * @throws IllegalArgumentException if {@code currentWeight} is not below the last step
     */
    public RolloutDecision start(int currentWeight) {
        if (currentWeight < 0 || currentWeight >= plan.weightOf(plan.lastStepIndex())) {
            throw new IllegalArgumentException("currentWeight: " + currentWeight + " (expected: 0.."
                    + (plan.weightOf(plan.lastStepIndex()) - 1) + ", below the last step)");
        }
        return move(Transition.START, "start", s -> {
            int index = 0;
            while (plan.weightOf(index) <= currentWeight) {
                index++;
            }
            Instant now = clock.instant();
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROGRESSING, index, plan.weightOf(index), now, 0,
                    List.of(), now.plus(plan.analysisInterval()), s.history(), null);
            return new Step(next, new RolloutDecision(currentWeight, next.weight(), Transition.START, next.state(),
                    List.of()));
        });
    }

    /**
     * Judges one analysis interval of the new side: hold, advance to the next step (or promote after the last), or
     * roll back to the safe weight after K consecutive failed intervals.
     */
    public RolloutDecision analyse(Measurement measurement) {
        Objects.requireNonNull(measurement, "measurement");
        return move(Transition.HOLD, "analyse", s -> judge(s, measurement));
    }

    /** Holds the rollout at its current weight; analysis is rejected until {@link #resume()}. */
    public RolloutDecision pause() {
        return move(Transition.PAUSE, "pause", s -> {
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PAUSED, s.stepIndex(), s.weight(),
                    s.stepStartedAt(), s.consecutiveFailedIntervals(), s.lastReadings(), null, s.history(), null);
            return operatorStep(s, next, Transition.PAUSE);
        });
    }

    /**
     * Continues on the current step, at the step's weight (undoing a manual weight change), with a fresh hold
     * window and no failed intervals: data from before the pause never promotes.
     */
    public RolloutDecision resume() {
        return move(Transition.RESUME, "resume", s -> {
            Instant now = clock.instant();
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROGRESSING, s.stepIndex(),
                    plan.weightOf(s.stepIndex()), now, 0, List.of(), now.plus(plan.analysisInterval()), s.history(),
                    null);
            return operatorStep(s, next, Transition.RESUME);
        });
    }

    /**
     * Skips to the next step now, with a fresh hold window; on the last step, completes the rollout. Works from
     * {@link RolloutState#PROGRESSING} and {@link RolloutState#PAUSED} (a paused rollout continues progressing).
     */
    public RolloutDecision promote() {
        return move(Transition.MANUAL_PROMOTE, "promote", s -> {
            Instant now = clock.instant();
            List<StepRecord> history = closeStep(s, now, Transition.MANUAL_PROMOTE);
            if (s.stepIndex() == plan.lastStepIndex()) {
                RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROMOTED, s.stepIndex(),
                        plan.weightOf(s.stepIndex()), s.stepStartedAt(), 0, s.lastReadings(), null, history, null);
                return operatorStep(s, next, Transition.PROMOTE_COMPLETE);
            }
            int index = s.stepIndex() + 1;
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROGRESSING, index, plan.weightOf(index), now, 0,
                    List.of(), now.plus(plan.analysisInterval()), history, null);
            return operatorStep(s, next, Transition.MANUAL_PROMOTE);
        });
    }

    /** Stops the rollout and sends the route back to the plan's safe weight. */
    public RolloutDecision abort() {
        return move(Transition.ABORT, "abort", s -> {
            Instant now = clock.instant();
            List<StepRecord> history = s.stepIndex() < 0 ? s.history() : closeStep(s, now, Transition.ABORT);
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.ABORTED, s.stepIndex(), plan.safeWeight(),
                    s.stepStartedAt(), s.consecutiveFailedIntervals(), s.lastReadings(), null, history, null);
            return operatorStep(s, next, Transition.ABORT);
        });
    }

    /**
     * Records a weight an operator set by hand and pauses, so analysis does not fight the operator. {@link #resume()}
     * goes back to the step's weight.
     */
    public RolloutDecision manualWeightChange(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        return move(Transition.MANUAL_WEIGHT_CHANGE, "change the weight of", s -> {
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PAUSED, s.stepIndex(), weight, s.stepStartedAt(),
                    s.consecutiveFailedIntervals(), s.lastReadings(), null, s.history(), null);
            return operatorStep(s, next, Transition.MANUAL_WEIGHT_CHANGE);
        });
    }

    @Override
    public String toString() {
        RolloutSnapshot s = state.get();
        return "Rollout[" + s.state() + ", step=" + s.stepIndex() + ", weight=" + s.weight() + "]";
    }

    private Step judge(RolloutSnapshot s, Measurement m) {
        Instant now = clock.instant();
        List<GateReading> readings = readings(m);
        Instant due = now.plus(plan.analysisInterval());
        if (!readings.get(0).passed()) {
            // Too little traffic says nothing about the new side: neither a pass nor a fail.
            return hold(s, s.consecutiveFailedIntervals(), readings, due);
        }
        GateReading failed = readings.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        if (failed != null) {
            int failures = s.consecutiveFailedIntervals() + 1;
            if (failures < plan.failedIntervalsToRollback()) {
                return hold(s, failures, readings, due);
            }
            String reason = failed.describe() + " for " + failures + " consecutive intervals at weight " + s.weight();
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.ROLLED_BACK, s.stepIndex(), plan.safeWeight(),
                    s.stepStartedAt(), failures, readings, null, closeStep(s, now, Transition.ROLL_BACK), reason);
            return new Step(next, decision(s, next, Transition.ROLL_BACK, readings));
        }
        if (Duration.between(s.stepStartedAt(), now).compareTo(plan.holdTime()) < 0) {
            return hold(s, 0, readings, due);
        }
        if (s.stepIndex() == plan.lastStepIndex()) {
            RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROMOTED, s.stepIndex(), s.weight(),
                    s.stepStartedAt(), 0, readings, null, closeStep(s, now, Transition.PROMOTE_COMPLETE), null);
            return new Step(next, decision(s, next, Transition.PROMOTE_COMPLETE, readings));
        }
        int index = s.stepIndex() + 1;
        RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROGRESSING, index, plan.weightOf(index), now, 0,
                readings, due, closeStep(s, now, Transition.ADVANCE), null);
        return new Step(next, decision(s, next, Transition.ADVANCE, readings));
    }

    /** Min-requests first: it decides whether the other readings count. */
    private List<GateReading> readings(Measurement m) {
        List<GateReading> readings = new ArrayList<>(5);
        readings.add(GateReading.atLeast(Gate.MIN_REQUESTS, m.requests(), plan.minRequests()));
        readings.add(GateReading.atMost(Gate.ERROR_RATE, m.errorRatePercent(), plan.maxErrorRatePercent()));
        readings.add(GateReading.atMost(Gate.P99, millis(m.p99()), millis(plan.maxP99())));
        plan.maxP50().ifPresent(max -> readings.add(GateReading.atMost(Gate.P50, millis(m.p50()), millis(max))));
        plan.maxErrorRateDeltaPoints().ifPresent(max -> readings.add(GateReading.atMost(Gate.ERROR_RATE_VS_LEGACY,
                m.errorRatePercent() - m.legacyErrorRatePercent(), max)));
        return List.copyOf(readings);
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1_000_000.0;
    }

    private Step hold(RolloutSnapshot s, int failures, List<GateReading> readings, Instant due) {
        RolloutSnapshot next = new RolloutSnapshot(RolloutState.PROGRESSING, s.stepIndex(), s.weight(),
                s.stepStartedAt(), failures, readings, due, s.history(), null);
        return new Step(next, decision(s, next, Transition.HOLD, readings));
    }

    private List<StepRecord> closeStep(RolloutSnapshot s, Instant now, Transition endedBy) {
        List<StepRecord> history = new ArrayList<>(s.history());
        history.add(new StepRecord(s.stepIndex(), plan.weightOf(s.stepIndex()), s.stepStartedAt(), now, endedBy));
        return history;
    }

    private static Step operatorStep(RolloutSnapshot before, RolloutSnapshot next, Transition transition) {
        return new Step(next, decision(before, next, transition, List.of()));
    }

    private static RolloutDecision decision(RolloutSnapshot before, RolloutSnapshot next, Transition transition,
            List<GateReading> readings) {
        return new RolloutDecision(before.weight(), next.weight(), transition, next.state(), readings);
    }

    /**
     * Checks the move against the state it starts from and swaps in the new snapshot, retrying if another caller
     * moved first (the check then runs against the newer state).
     */
    private RolloutDecision move(Transition guard, String action, Function<RolloutSnapshot, Step> compute) {
        while (true) {
            RolloutSnapshot current = state.get();
            guard.checkFrom(current.state(), action);
            Step step = compute.apply(current);
            if (state.compareAndSet(current, step.next())) {
                return step.decision();
            }
        }
    }

    private record Step(RolloutSnapshot next, RolloutDecision decision) {
    }
}
