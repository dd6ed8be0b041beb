package dev.ficus.gateway.rollout;

import dev.ficus.gateway.MutableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ficus.gateway.admin.RouteWeights;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.FileAuditLog;
import dev.ficus.gateway.store.FileRuntimeStateStore;
import dev.ficus.routes.CatalogueLoader;
import dev.ficus.rules.OverridePolicy;
import dev.ficus.rules.rollout.Measurement;
import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolloutRuntimeTests {

    static final Measurement HEALTHY = new Measurement(100, 0, Duration.ofMillis(20), Duration.ofMillis(80), 0);
    static final Measurement FAILING = new Measurement(100, 30, Duration.ofMillis(20), Duration.ofMillis(80), 0);

    final MutableClock clock = new MutableClock();
    final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
    final RoutingTableHolder tables = new RoutingTableHolder(RoutingTable.compile(CatalogueLoader.parse("""
            routes:
              - id: survey
                paths: [/survey/**]
                legacy: http://127.0.0.1:1
                modern: http://127.0.0.1:2
                weight: 0
            """, "test"), OverridePolicy.disabled()));
    final RolloutPlan plan = RolloutPlan.builder().steps(25, 50, 100).holdTime(Duration.ofMinutes(2))
            .analysisInterval(Duration.ofMinutes(1)).minRequests(10).maxErrorRatePercent(1)
            .maxP99(Duration.ofMillis(200)).failedIntervalsToRollback(2).build();
    final FakeMeasurements measurements = new FakeMeasurements();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @TempDir
    Path dir;

    FileAuditLog audit;
    RolloutRuntime runtime;

    RolloutRuntime runtime() {
        if (runtime == null) {
            audit = new FileAuditLog(dir, json);
            runtime = newRuntime();
        }
        return runtime;
    }

    /** A runtime over the same state dir, as after a restart. */
    RolloutRuntime newRuntime() {
        FileRuntimeStateStore store = new FileRuntimeStateStore(dir, json);
        RolloutRuntime[] created = new RolloutRuntime[1];
        RouteWeights weights = new RouteWeights(tables, store, audit, clock, () -> List.of(created[0]));
        created[0] = new RolloutRuntime(tables, weights, measurements, new RolloutEvents(registry), clock, store);
        return created[0];
    }

    @Test
    void restartResumesOnTheSameStepWithAFreshWindow() {
        runtime().start("survey", plan, "ops");
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        assertThat(weight()).isEqualTo(50);
        clock.advance(Duration.ofSeconds(150));

        RolloutRuntime restarted = newRuntime();
        restarted.restoreSaved();
        Instant restoredAt = clock.instant();
        restarted.analyseDue();
        assertThat(measurements.windows).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        restarted.analyseDue();

        assertThat(restarted.rollout("survey").orElseThrow().snapshot().stepIndex()).isEqualTo(1);
        assertThat(weight()).isEqualTo(50);
        assertThat(measurements.windows.get(2)).isEqualTo(new Window(restoredAt, restoredAt.plusSeconds(60)));
    }

    @Test
    void finishedRolloutsSurviveARestartForReading() {
        runtime().start("survey", plan, "ops");
        runtime.abort("survey", "ops");

        RolloutRuntime restarted = newRuntime();
        restarted.restoreSaved();

        assertThat(restarted.rollout("survey").orElseThrow().snapshot().state()).isEqualTo(RolloutState.ABORTED);
        assertThat(restarted.rollout("survey").orElseThrow().plan()).isEqualTo(plan);
    }

    @Test
    void startAppliesFirstStepThroughTheAuditedPath() {
        runtime().start("survey", plan, "ops");

        assertThat(weight()).isEqualTo(25);
        AuditEntry entry = audit.newest("survey", 1).get(0);
        assertThat(entry.source()).isEqualTo(AuditEntry.Source.ROLLOUT);
        assertThat(entry.from()).isZero();
        assertThat(entry.to()).isEqualTo(25);
        assertThat(entry.reason()).contains("start").contains("ops");
    }

    @Test
    void measuresOnlyWhenIntervalIsDueAndAdvancesAfterHoldTime() {
        Instant started = clock.instant();
        runtime().start("survey", plan, "ops");

        clock.advance(Duration.ofSeconds(59));
        runtime.analyseDue();
        assertThat(measurements.windows).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        runtime.analyseDue();
        assertThat(weight()).isEqualTo(25);

        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();

        assertThat(weight()).isEqualTo(50);
        assertThat(measurements.windows).containsExactly(
                new Window(started, started.plusSeconds(60)),
                new Window(started.plusSeconds(60), started.plusSeconds(120)));
        assertThat(audit.newest("survey", 1).get(0).to()).isEqualTo(50);
    }

    @Test
    void windowAfterAdvanceStartsAtTheNewStep() {
        Instant started = clock.instant();
        runtime().start("survey", plan, "ops");
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();

        assertThat(measurements.windows.get(2)).isEqualTo(new Window(started.plusSeconds(120),
                started.plusSeconds(180)));
    }

    @Test
    void rollsBackToSafeWeightAfterConsecutiveFailedIntervals() {
        runtime().start("survey", plan, "ops");
        measurements.next = FAILING;

        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        assertThat(weight()).isEqualTo(25);
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();

        assertThat(weight()).isZero();
        assertThat(runtime.rollout("survey").orElseThrow().snapshot().state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(audit.newest("survey", 1).get(0).reason()).contains("error-rate").contains("30.0");
    }

    @Test
    void manualWeightChangePausesAndResumeMeasuresFromTheResume() {
        runtime().start("survey", plan, "ops");
        runtime.onManualWeightChange("survey", 10, "alice");
        clock.advance(Duration.ofMinutes(5));
        runtime.analyseDue();
        assertThat(measurements.windows).isEmpty();
        assertThat(runtime.rollout("survey").orElseThrow().snapshot().state()).isEqualTo(RolloutState.PAUSED);

        Instant resumed = clock.instant();
        runtime.resume("survey", "alice");
        assertThat(weight()).isEqualTo(25);
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();

        assertThat(measurements.windows).containsExactly(new Window(resumed, resumed.plusSeconds(60)));
    }

    @Test
    void refusesSecondActiveRolloutAndUnknownRoutes() {
        runtime().start("survey", plan, "ops");

        assertThatThrownBy(() -> runtime.start("survey", plan, "ops")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PROGRESSING");
        assertThatThrownBy(() -> runtime.start("nope", plan, "ops")).isInstanceOf(UnknownRolloutException.class)
                .hasMessageContaining("route: nope");
        assertThatThrownBy(() -> runtime.pause("nope", "ops")).isInstanceOf(UnknownRolloutException.class);
    }

    @Test
    void startsAgainAfterAFinishedRollout() {
        runtime().start("survey", plan, "ops");
        runtime.abort("survey", "ops");
        assertThat(weight()).isZero();

        runtime.start("survey", plan, "ops");

        assertThat(weight()).isEqualTo(25);
    }

    @Test
    void analysisFailureIsRetriedAtTheNextTick() {
        runtime().start("survey", plan, "ops");
        measurements.failNext = true;
        clock.advance(Duration.ofMinutes(1));
        runtime.analyseDue();
        assertThat(measurements.windows).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        runtime.analyseDue();

        assertThat(measurements.windows).hasSize(2);
    }

    @Test
    void gaugesShowStepAndStateAndCounterCountsTransitions() {
        runtime().start("survey", plan, "ops");
        runtime.pause("survey", "ops");

        assertThat(registry.get("ficus.rollout.step").tag("route", "survey").gauge().value()).isZero();
        assertThat(registry.get("ficus.rollout.state").tags("route", "survey", "state", "paused").gauge().value())
                .isEqualTo(1);
        assertThat(registry.get("ficus.rollout.state").tags("route", "survey", "state", "progressing").gauge()
                .value()).isZero();
        assertThat(registry.get("ficus.rollout.transitions").tags("route", "survey", "transition", "start")
                .counter().count()).isEqualTo(1);
    }

    int weight() {
        return tables.current().route("survey").rule().weight();
    }

    record Window(Instant from, Instant to) {
    }

    static final class FakeMeasurements implements RolloutMeasurementSource {
        final List<Window> windows = new ArrayList<>();
        Measurement next = HEALTHY;
        boolean failNext;

        @Override
        public Measurement measure(String routeId, Instant from, Instant to) {
            windows.add(new Window(from, to));
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("metrics unavailable");
            }
            return next;
        }
    }
}
