package dev.ficus.gateway.admin;

import dev.ficus.gateway.rollout.RolloutEvents;
import dev.ficus.rules.rollout.GateReading;
import dev.ficus.rules.rollout.Rollout;
import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutSnapshot;
import dev.ficus.rules.rollout.StepRecord;

import java.time.Instant;
import java.util.List;

/**
 * A route's rollout as {@code GET /admin/routes/{id}/rollout} shows it; states, gates and transitions as lowercase
 * kebab ids ({@code rolled-back}, {@code error-rate}, {@code manual-promote}).
 *
 * @param route route id
 * @param state where the rollout is
 * @param step index of the current step; -1 before the start
 * @param weight weight of the new side as the rollout last set it (or an operator, when paused by a manual change)
 * @param steps the plan's step weights
 * @param stepStartedAt start of the current hold window
 * @param nextDecisionAt when the next analysis is due; null unless progressing
 * @param plan the plan in force
 * @param gates readings of the last analysed interval
 * @param consecutiveFailedIntervals failed intervals in a row on this step
 * @param rollbackReason failing gate, value and bound; null unless rolled back
 * @param history finished steps, oldest first
 */
record RolloutView(String route, String state, int step, int weight, List<Integer> steps, Instant stepStartedAt,
        Instant nextDecisionAt, Plan plan, List<Gate> gates, int consecutiveFailedIntervals, String rollbackReason,
        List<Step> history) {

    static RolloutView of(String route, Rollout rollout) {
        RolloutSnapshot s = rollout.snapshot();
        RolloutPlan p = rollout.plan();
        return new RolloutView(route, RolloutEvents.id(s.state()), s.stepIndex(), s.weight(), p.steps(),
                s.stepStartedAt(), s.nextDecisionDue(), Plan.of(p), s.lastReadings().stream().map(Gate::of).toList(),
                s.consecutiveFailedIntervals(), s.rollbackReason(), s.history().stream().map(Step::of).toList());
    }

    /** The plan; durations as ISO-8601 ({@code PT10M}); null for gates the plan does not set. */
    record Plan(List<Integer> steps, String hold, String interval, double maxErrorRate, String maxP99, String maxP50,
            long minRequests, Double maxErrorRateDelta, int failedIntervals, int safeWeight) {

        static Plan of(RolloutPlan p) {
            return new Plan(p.steps(), p.holdTime().toString(), p.analysisInterval().toString(),
                    p.maxErrorRatePercent(), p.maxP99().toString(), p.maxP50().map(Object::toString).orElse(null),
                    p.minRequests(), p.maxErrorRateDeltaPoints().isPresent() ? p.maxErrorRateDeltaPoints()
                            .getAsDouble() : null, p.failedIntervalsToRollback(), p.safeWeight());
        }
    }

    /** One gate's latest reading. */
    record Gate(String gate, double value, double bound, String unit, boolean passed) {

        static Gate of(GateReading r) {
            return new Gate(r.gate().id(), r.value(), r.bound(), r.gate().unit(), r.passed());
        }
    }

    /** One finished step. */
    record Step(int step, int weight, Instant startedAt, Instant endedAt, String endedBy) {

        static Step of(StepRecord r) {
            return new Step(r.stepIndex(), r.weight(), r.startedAt(), r.endedAt(), RolloutEvents.id(r.endedBy()));
        }
    }

    /** The short form shown with each route in {@code GET /admin/routes}. */
    record Summary(String state, int step, int weight, Instant nextDecisionAt) {

        static Summary of(Rollout rollout) {
            RolloutSnapshot s = rollout.snapshot();
            return new Summary(RolloutEvents.id(s.state()), s.stepIndex(), s.weight(), s.nextDecisionDue());
        }
    }
}
