package dev.ficus.gateway.rollout;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.rules.rollout.Measurement;
import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The rollout scheduler in a running gateway, on real time with a short interval: it advances and rolls back by
 * itself. The measurements come from a switchable test source here; the end-to-end tests with real traffic need the
 * gateway's measurement bean (branch rollout-data).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ficus.rollout.tick=100ms")
class RolloutSchedulerIntegrationTests {

    static final Measurement HEALTHY = new Measurement(50, 0, Duration.ofMillis(10), Duration.ofMillis(30), 0);
    static final Measurement FAILING = new Measurement(50, 25, Duration.ofMillis(10), Duration.ofMillis(30), 0);
    static final AtomicReference<Measurement> next = new AtomicReference<>(HEALTHY);

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @Autowired
    RolloutRuntime rollouts;

    @Autowired
    RoutingTableHolder tables;

    final RolloutPlan plan = RolloutPlan.builder().steps(25, 50, 100).holdTime(Duration.ofSeconds(1))
            .analysisInterval(Duration.ofMillis(500)).minRequests(10).maxErrorRatePercent(1)
            .maxP99(Duration.ofMillis(200)).failedIntervalsToRollback(2).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        registry.add("ficus.routes-file", () -> TestBackends.routesFile("""
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: %s
                    modern: %s
                    weight: 0
                """.formatted(legacy.baseUrl(), modern.baseUrl())).toString());
        registry.add("ficus.state.dir", () -> tempDir());
    }

    static String tempDir() {
        try {
            return Files.createTempDirectory("ficus-rollout-state").toString();
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void advancesByItselfAndRollsBackWhenTheNewSideFails() {
        next.set(HEALTHY);
        rollouts.start("survey", plan, "test");

        await().atMost(Duration.ofSeconds(10)).until(() -> weight() == 50);
        next.set(FAILING);
        Instant fault = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> weight() == 0);
        Duration toRollback = Duration.between(fault, Instant.now());

        System.out.println("Rollout scheduler: time from failing measurements to rollback = " + toRollback.toMillis()
                + " ms (interval 500 ms, 2 failed intervals, tick 100 ms)");
        assertThat(rollouts.rollout("survey").orElseThrow().snapshot().state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(toRollback).isLessThan(Duration.ofMillis(3 * 500 + 2 * 100 + 500));
    }

    int weight() {
        return tables.current().route("survey").rule().weight();
    }

    @TestConfiguration
    static class Measurements {
        @Bean
        @org.springframework.context.annotation.Primary
        RolloutMeasurementSource testMeasurements() {
            return (route, from, to) -> next.get();
        }
    }
}
