package dev.ficus.gateway.rollout;

import dev.ficus.gateway.TestApplications;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.rules.rollout.Measurement;
import dev.ficus.rules.rollout.RolloutPlan;
import dev.ficus.rules.rollout.RolloutSnapshot;
import dev.ficus.rules.rollout.RolloutState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A gateway restarted on the same state dir mid-rollout continues on the same step with a fresh window. */
class RolloutRestartIntegrationTests {

    static final List<Instant> windowStarts = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    final RolloutPlan plan = RolloutPlan.builder().steps(25, 50, 100).holdTime(Duration.ofSeconds(30))
            .analysisInterval(Duration.ofMillis(300)).minRequests(10).maxErrorRatePercent(1)
            .maxP99(Duration.ofMillis(200)).build();

    @Test
    void resumesOnTheSameStepAndMeasuresOnlyAfterTheRestart() throws IOException {
        Path routes = Files.writeString(dir.resolve("routes.yaml"), """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:5000
                    modern: http://127.0.0.1:5001
                    weight: 0
                """);
        try (ConfigurableApplicationContext first = start(routes)) {
            RolloutRuntime rollouts = first.getBean(RolloutRuntime.class);
            rollouts.start("survey", plan, "test");
            rollouts.promote("survey", "test");
            await().atMost(Duration.ofSeconds(10)).until(() -> !windowStarts.isEmpty());
        }
        Instant restartedAt = Instant.now();
        windowStarts.clear();

        try (ConfigurableApplicationContext second = start(routes)) {
            RolloutSnapshot restored = second.getBean(RolloutRuntime.class).rollout("survey").orElseThrow().snapshot();
            assertThat(restored.state()).isEqualTo(RolloutState.PROGRESSING);
            assertThat(restored.stepIndex()).isEqualTo(1);
            assertThat(second.getBean(RoutingTableHolder.class).current().route("survey").rule().weight())
                    .isEqualTo(50);
            await().atMost(Duration.ofSeconds(10)).until(() -> windowStarts.size() >= 2);
            assertThat(windowStarts).allSatisfy(from -> assertThat(from).isAfterOrEqualTo(restartedAt));
            assertThat(second.getBean(RolloutRuntime.class).rollout("survey").orElseThrow().snapshot().stepIndex())
                    .isEqualTo(1);
        }
    }

    private ConfigurableApplicationContext start(Path routes) {
        return TestApplications.start(java.util.List.of(Measurements.class),
                "--ficus.routes-file=" + routes, "--server.port=0", "--management.server.port=0",
                "--ficus.state.dir=" + dir.resolve("state"), "--ficus.rollout.tick=50ms");
    }

    @TestConfiguration
    static class Measurements {
        @Bean
        @org.springframework.context.annotation.Primary
        RolloutMeasurementSource recordingMeasurements() {
            return (route, from, to) -> {
                windowStarts.add(from);
                return new Measurement(50, 0, Duration.ofMillis(5), Duration.ofMillis(20), 0);
            };
        }
    }
}
