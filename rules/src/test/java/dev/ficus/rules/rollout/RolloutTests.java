package dev.ficus.rules.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RolloutTests {

    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration HOLD = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    private final RolloutPlan plan = RolloutPlan.builder()
            .steps(25, 50, 100)
            .holdTime(HOLD)
            .analysisInterval(INTERVAL)
            .maxErrorRatePercent(1.0)
            .maxP99(Duration.ofMillis(500))
            .minRequests(100)
            .failedIntervalsToRollback(2)
            .build();

    private static Measurement healthy() {
        return new Measurement(1_000, 2, Duration.ofMillis(40), Duration.ofMillis(200), 0.1);
    }

    private static Measurement failing() {
        return new Measurement(1_000, 50, Duration.ofMillis(40), Duration.ofMillis(200), 0.1);
    }

    private static Measurement slow() {
        return new Measurement(1_000, 0, Duration.ofMillis(40), Duration.ofMillis(900), 0.1);
    }

    private static Measurement quiet() {
        return new Measurement(10, 5, Duration.ofMillis(40), Duration.ofMillis(2_000), 0.1);
    }

    /** One interval passes, then the rollout judges it. */
    private RolloutDecision interval(Rollout rollout, Measurement m) {
        clock.advance(INTERVAL);
        return rollout.analyse(m);
    }

    private RolloutDecision healthyFor(Rollout rollout, Duration d) {
        RolloutDecision last = null;
        for (long i = 0; i < d.dividedBy(INTERVAL); i++) {
            last = interval(rollout, healthy());
        }
        return last;
    }

    @Test
    void promotesThroughEveryStepWhenGatesPassForTheHoldTime() {
        Rollout rollout = Rollout.create(plan, clock);

        RolloutDecision started = rollout.start(0);
        assertThat(started.transition()).isEqualTo(Transition.START);
        assertThat(started.previousWeight()).isZero();
        assertThat(started.weight()).isEqualTo(25);
        assertThat(rollout.snapshot().nextDecisionDue()).isEqualTo(clock.instant().plus(INTERVAL));

        RolloutDecision beforeHold = healthyFor(rollout, HOLD.minus(INTERVAL));
        assertThat(beforeHold.transition()).isEqualTo(Transition.HOLD);
        assertThat(beforeHold.weightChanged()).isFalse();

        RolloutDecision to50 = interval(rollout, healthy());
        assertThat(to50.transition()).isEqualTo(Transition.ADVANCE);
        assertThat(to50.weight()).isEqualTo(50);
        assertThat(to50.readings()).allMatch(GateReading::passed);

        RolloutDecision to100 = healthyFor(rollout, HOLD);
        assertThat(to100.transition()).isEqualTo(Transition.ADVANCE);
        assertThat(to100.weight()).isEqualTo(100);

        RolloutDecision done = healthyFor(rollout, HOLD);
        assertThat(done.transition()).isEqualTo(Transition.PROMOTE_COMPLETE);
        assertThat(done.state()).isEqualTo(RolloutState.PROMOTED);
        assertThat(done.weight()).isEqualTo(100);

        RolloutSnapshot s = rollout.snapshot();
        assertThat(s.state()).isEqualTo(RolloutState.PROMOTED);
        assertThat(s.nextDecisionDue()).isNull();
        assertThat(s.history()).extracting(StepRecord::weight).containsExactly(25, 50, 100);
        assertThat(s.history()).extracting(StepRecord::endedBy)
                .containsExactly(Transition.ADVANCE, Transition.ADVANCE, Transition.PROMOTE_COMPLETE);
    }

    @Test
    void startsAtTheFirstStepAboveTheCurrentWeight() {
        Rollout rollout = Rollout.create(plan, clock);

        RolloutDecision d = rollout.start(30);

        assertThat(d.weight()).isEqualTo(50);
        assertThat(rollout.snapshot().stepIndex()).isEqualTo(1);
    }

    @Test
    void rejectsStartingAtOrAboveTheLastStep() {
        Rollout rollout = Rollout.create(plan, clock);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> rollout.start(100))
                .withMessageStartingWith("currentWeight: 100 (expected: ");
        assertThat(rollout.snapshot().state()).isEqualTo(RolloutState.PENDING);
    }

    @Test
    void rollsBackOnErrorRateAfterKConsecutiveFailedIntervals() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        healthyFor(rollout, HOLD);

        RolloutDecision first = interval(rollout, failing());
        assertThat(first.transition()).isEqualTo(Transition.HOLD);
        assertThat(first.weight()).isEqualTo(50);
        assertThat(rollout.snapshot().consecutiveFailedIntervals()).isEqualTo(1);

        RolloutDecision second = interval(rollout, failing());
        assertThat(second.transition()).isEqualTo(Transition.ROLL_BACK);
        assertThat(second.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(second.previousWeight()).isEqualTo(50);
        assertThat(second.weight()).isZero();
        assertThat(second.readings()).filteredOn(r -> !r.passed())
                .containsExactly(new GateReading(Gate.ERROR_RATE, 5.0, 1.0, false));

        RolloutSnapshot s = rollout.snapshot();
        assertThat(s.rollbackReason()).contains("error-rate: 5.0 %").contains("bound: 1.0 %")
                .contains("2 consecutive intervals").contains("weight 50");
        assertThat(s.rollbackReasonIfAny()).isPresent();
        assertThat(s.history()).last().extracting(StepRecord::endedBy).isEqualTo(Transition.ROLL_BACK);
    }

    @Test
    void aPassingIntervalResetsTheFailureCount() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);

        interval(rollout, failing());
        interval(rollout, healthy());
        RolloutDecision d = interval(rollout, failing());

        assertThat(d.transition()).isEqualTo(Transition.HOLD);
        assertThat(rollout.snapshot().consecutiveFailedIntervals()).isEqualTo(1);
    }

    @Test
    void rollsBackOnP99ToTheSafeWeight() {
        RolloutPlan withSafeWeight = RolloutPlan.builder().steps(25, 50, 100).holdTime(HOLD)
                .analysisInterval(INTERVAL).maxP99(Duration.ofMillis(500)).minRequests(100).safeWeight(5)
                .failedIntervalsToRollback(2).build();
        Rollout rollout = Rollout.create(withSafeWeight, clock);
        rollout.start(5);

        interval(rollout, slow());
        RolloutDecision d = interval(rollout, slow());

        assertThat(d.transition()).isEqualTo(Transition.ROLL_BACK);
        assertThat(d.weight()).isEqualTo(5);
        assertThat(d.readings()).filteredOn(r -> !r.passed())
                .containsExactly(new GateReading(Gate.P99, 900.0, 500.0, false));
        assertThat(rollout.snapshot().rollbackReason()).startsWith("p99: 900.0 ms (bound: 500.0 ms)");
    }

    @Test
    void rollsBackOnP50WhenThatGateIsSet() {
        RolloutPlan withP50 = RolloutPlan.builder().holdTime(HOLD).analysisInterval(INTERVAL)
                .maxP50(Duration.ofMillis(30)).failedIntervalsToRollback(1).build();
        Rollout rollout = Rollout.create(withP50, clock);
        rollout.start(0);

        RolloutDecision d = interval(rollout, healthy());

        assertThat(d.transition()).isEqualTo(Transition.ROLL_BACK);
        assertThat(rollout.snapshot().rollbackReason()).startsWith("p50: 40.0 ms (bound: 30.0 ms)");
    }

    @Test
    void relativeGateComparesWithLegacyErrorRate() {
        RolloutPlan relative = RolloutPlan.builder().holdTime(HOLD).analysisInterval(INTERVAL)
                .maxErrorRatePercent(10).maxErrorRateDeltaPoints(0.5).failedIntervalsToRollback(2).build();
        Rollout rollout = Rollout.create(relative, clock);
        rollout.start(0);

        // 3 % on the new side is fine while legacy also fails 3 %.
        Measurement bothBad = new Measurement(1_000, 30, Duration.ofMillis(40), Duration.ofMillis(200), 3.0);
        RolloutDecision ok = interval(rollout, bothBad);
        assertThat(ok.readings()).allMatch(GateReading::passed);
        assertThat(ok.readings()).extracting(GateReading::gate).contains(Gate.ERROR_RATE_VS_LEGACY);

        // 3 % on the new side against 1 % on legacy is 2 points worse: fails twice, rolls back.
        Measurement worseThanLegacy = new Measurement(1_000, 30, Duration.ofMillis(40), Duration.ofMillis(200), 1.0);
        interval(rollout, worseThanLegacy);
        RolloutDecision d = interval(rollout, worseThanLegacy);

        assertThat(d.transition()).isEqualTo(Transition.ROLL_BACK);
        assertThat(d.readings()).filteredOn(r -> !r.passed())
                .containsExactly(new GateReading(Gate.ERROR_RATE_VS_LEGACY, 2.0, 0.5, false));
        assertThat(rollout.snapshot().rollbackReason()).startsWith("error-rate-vs-legacy: 2.0 points");
    }

    @Test
    void neverPromotesOrRollsBackOnTooFewRequests() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);

        for (int i = 0; i < 20; i++) {
            RolloutDecision d = interval(rollout, quiet());
            assertThat(d.transition()).isEqualTo(Transition.HOLD);
            assertThat(d.weight()).isEqualTo(25);
            assertThat(d.readings()).first()
                    .isEqualTo(new GateReading(Gate.MIN_REQUESTS, 10, 100, false));
        }
        // quiet intervals also carry bad latency and errors: reported, never counted
        assertThat(rollout.snapshot().lastReadings()).filteredOn(r -> !r.passed()).hasSize(3);
        assertThat(rollout.snapshot().consecutiveFailedIntervals()).isZero();
        assertThat(rollout.snapshot().state()).isEqualTo(RolloutState.PROGRESSING);

        // the hold time is long over; the first interval with enough data promotes
        assertThat(interval(rollout, healthy()).transition()).isEqualTo(Transition.ADVANCE);
    }

    @Test
    void resumeStartsAFreshHoldWindow() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        healthyFor(rollout, HOLD.minus(INTERVAL));

        RolloutDecision paused = rollout.pause();
        assertThat(paused.transition()).isEqualTo(Transition.PAUSE);
        assertThat(paused.weightChanged()).isFalse();
        assertThat(rollout.snapshot().nextDecisionDue()).isNull();
        assertThatIllegalStateException().isThrownBy(() -> rollout.analyse(healthy()))
                .withMessageContaining("analyse").withMessageContaining("PAUSED");

        clock.advance(Duration.ofHours(1));
        RolloutDecision resumed = rollout.resume();
        assertThat(resumed.transition()).isEqualTo(Transition.RESUME);
        assertThat(rollout.snapshot().stepStartedAt()).isEqualTo(clock.instant());

        // the old window was almost over, but the step needs a whole fresh one
        assertThat(healthyFor(rollout, HOLD.minus(INTERVAL)).transition()).isEqualTo(Transition.HOLD);
        assertThat(interval(rollout, healthy()).transition()).isEqualTo(Transition.ADVANCE);
    }

    @Test
    void resumeForgetsFailuresFromBeforeThePause() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        interval(rollout, failing());
        rollout.pause();
        rollout.resume();

        assertThat(rollout.snapshot().consecutiveFailedIntervals()).isZero();
        assertThat(interval(rollout, failing()).transition()).isEqualTo(Transition.HOLD);
    }

    @Test
    void promoteSkipsToTheNextStepWithAFreshWindow() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        clock.advance(INTERVAL);

        RolloutDecision d = rollout.promote();

        assertThat(d.transition()).isEqualTo(Transition.MANUAL_PROMOTE);
        assertThat(d.weight()).isEqualTo(50);
        assertThat(rollout.snapshot().stepStartedAt()).isEqualTo(clock.instant());
        assertThat(rollout.snapshot().history()).extracting(StepRecord::endedBy)
                .containsExactly(Transition.MANUAL_PROMOTE);
    }

    @Test
    void promoteOnTheLastStepCompletesTheRollout() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(60);
        rollout.pause();

        RolloutDecision d = rollout.promote();

        assertThat(d.transition()).isEqualTo(Transition.PROMOTE_COMPLETE);
        assertThat(d.state()).isEqualTo(RolloutState.PROMOTED);
        assertThat(d.weight()).isEqualTo(100);
    }

    @Test
    void abortReturnsToTheSafeWeight() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        healthyFor(rollout, HOLD);

        RolloutDecision d = rollout.abort();

        assertThat(d.transition()).isEqualTo(Transition.ABORT);
        assertThat(d.previousWeight()).isEqualTo(50);
        assertThat(d.weight()).isZero();
        assertThat(rollout.snapshot().state()).isEqualTo(RolloutState.ABORTED);
        assertThat(rollout.snapshot().history()).last().extracting(StepRecord::endedBy)
                .isEqualTo(Transition.ABORT);
    }

    @Test
    void abortWorksBeforeTheStart() {
        Rollout rollout = Rollout.create(plan, clock);

        assertThat(rollout.abort().state()).isEqualTo(RolloutState.ABORTED);
        assertThat(rollout.snapshot().history()).isEmpty();
    }

    @Test
    void manualWeightChangePausesAndResumeReturnsToTheStepWeight() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);

        RolloutDecision d = rollout.manualWeightChange(10);

        assertThat(d.transition()).isEqualTo(Transition.MANUAL_WEIGHT_CHANGE);
        assertThat(d.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(d.weight()).isEqualTo(10);
        assertThat(rollout.snapshot().weight()).isEqualTo(10);

        RolloutDecision resumed = rollout.resume();
        assertThat(resumed.previousWeight()).isEqualTo(10);
        assertThat(resumed.weight()).isEqualTo(25);
    }

    @Test
    void manualWeightChangeRejectsBadWeights() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);

        assertThatIllegalArgumentException().isThrownBy(() -> rollout.manualWeightChange(101))
                .withMessage("weight: 101 (expected: 0..100)");
        assertThat(rollout.snapshot().state()).isEqualTo(RolloutState.PROGRESSING);
    }

    @Test
    void rejectsIllegalTransitionsNamingStateAndAction() {
        Rollout pending = Rollout.create(plan, clock);
        assertThatIllegalStateException().isThrownBy(() -> pending.analyse(healthy()))
                .withMessageContaining("analyse").withMessageContaining("PENDING");
        assertThatIllegalStateException().isThrownBy(pending::pause)
                .withMessageContaining("pause").withMessageContaining("PENDING");
        assertThatIllegalStateException().isThrownBy(pending::resume)
                .withMessageContaining("resume").withMessageContaining("PENDING");
        assertThatIllegalStateException().isThrownBy(pending::promote)
                .withMessageContaining("promote").withMessageContaining("PENDING");

        Rollout progressing = Rollout.create(plan, clock);
        progressing.start(0);
        assertThatIllegalStateException().isThrownBy(() -> progressing.start(0))
                .withMessageContaining("start").withMessageContaining("PROGRESSING");
        assertThatIllegalStateException().isThrownBy(progressing::resume)
                .withMessageContaining("resume").withMessageContaining("PROGRESSING");

        progressing.pause();
        assertThatIllegalStateException().isThrownBy(progressing::pause)
                .withMessageContaining("pause").withMessageContaining("PAUSED");

        progressing.abort();
        for (Runnable move : List.<Runnable>of(() -> progressing.start(0), () -> progressing.analyse(healthy()),
                progressing::pause, progressing::resume, progressing::promote, progressing::abort,
                () -> progressing.manualWeightChange(10))) {
            assertThatIllegalStateException().isThrownBy(move::run).withMessageContaining("ABORTED");
        }
        assertThat(progressing.snapshot().state()).isEqualTo(RolloutState.ABORTED);
    }

    @Test
    void transitionsListTheirLegalSources() {
        assertThat(Transition.START.allowedFrom(RolloutState.PENDING)).isTrue();
        assertThat(Transition.START.to()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(Transition.ROLL_BACK.allowedFrom(RolloutState.PAUSED)).isFalse();
        for (RolloutState terminal : List.of(RolloutState.PROMOTED, RolloutState.ROLLED_BACK,
                RolloutState.ABORTED)) {
            assertThat(terminal.isTerminal()).isTrue();
            for (Transition t : Transition.values()) {
                assertThat(t.allowedFrom(terminal)).as("%s from %s", t, terminal).isFalse();
            }
        }
    }

    @Test
    void restoreResumesTheSameStepWithAFreshWindow() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        healthyFor(rollout, HOLD);
        healthyFor(rollout, HOLD.minus(INTERVAL));
        interval(rollout, failing());
        RolloutSnapshot saved = rollout.snapshot();
        assertThat(saved.weight()).isEqualTo(50);

        clock.advance(Duration.ofMinutes(30));
        Rollout restored = Rollout.restore(plan, saved, clock);

        RolloutSnapshot s = restored.snapshot();
        assertThat(s.state()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(s.stepIndex()).isEqualTo(1);
        assertThat(s.weight()).isEqualTo(50);
        assertThat(s.stepStartedAt()).isEqualTo(clock.instant());
        assertThat(s.consecutiveFailedIntervals()).isZero();
        assertThat(s.nextDecisionDue()).isEqualTo(clock.instant().plus(INTERVAL));
        assertThat(s.history()).isEqualTo(saved.history());

        assertThat(healthyFor(restored, HOLD.minus(INTERVAL)).transition()).isEqualTo(Transition.HOLD);
        assertThat(interval(restored, healthy()).weight()).isEqualTo(100);
    }

    @Test
    void restoreKeepsAPausedRolloutPaused() {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        rollout.manualWeightChange(10);

        Rollout restored = Rollout.restore(plan, rollout.snapshot(), clock);

        assertThat(restored.snapshot().state()).isEqualTo(RolloutState.PAUSED);
        assertThat(restored.snapshot().weight()).isEqualTo(10);
        assertThat(restored.resume().weight()).isEqualTo(25);
    }

    @Test
    void restoreKeepsFinishedRolloutsAsTheyWere() {
        Rollout abortedBeforeStart = Rollout.create(plan, clock);
        abortedBeforeStart.abort();
        Rollout rolledBack = Rollout.create(plan, clock);
        rolledBack.start(0);
        interval(rolledBack, failing());
        interval(rolledBack, failing());

        for (Rollout finished : List.of(abortedBeforeStart, rolledBack)) {
            RolloutSnapshot saved = finished.snapshot();
            clock.advance(Duration.ofMinutes(30));

            assertThat(Rollout.restore(plan, saved, clock).snapshot()).isEqualTo(saved);
        }
    }

    @Test
    void illegalMoveMessageSaysWhichStatesWereExpected() {
        Rollout rollout = Rollout.create(plan, clock);

        assertThatIllegalStateException().isThrownBy(rollout::resume)
                .withMessage("cannot resume a rollout in state PENDING (expected: [PAUSED])");
    }

    @Test
    void restoreRejectsASnapshotThatDoesNotFitThePlan() {
        RolloutSnapshot foreign = new RolloutSnapshot(RolloutState.PROGRESSING, 5, 50, clock.instant(), 0,
                List.of(), null, List.of(), null);

        assertThatIllegalArgumentException().isThrownBy(() -> Rollout.restore(plan, foreign, clock))
                .withMessageStartingWith("stepIndex: 5 (expected: 0..2");
    }

    @Test
    void measurementRejectsImpossibleValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Measurement(10, 11, Duration.ZERO, Duration.ZERO, 0))
                .withMessage("failures: 11 (expected: 0..10)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Measurement(-1, 0, Duration.ZERO, Duration.ZERO, 0))
                .withMessage("requests: -1 (expected: >= 0)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Measurement(10, 0, Duration.ZERO, Duration.ZERO, 101))
                .withMessage("legacyErrorRatePercent: 101.0 (expected: 0..100)");
    }

    @Test
    void concurrentOperatorMovesApplyExactlyOnce() throws Exception {
        Rollout rollout = Rollout.create(plan, clock);
        rollout.start(0);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        rollout.pause();
                        return true;
                    } catch (IllegalStateException alreadyPaused) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int paused = 0;
            for (Future<Boolean> r : results) {
                paused += r.get() ? 1 : 0;
            }
            assertThat(paused).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
