package dev.ficus.routes;

import dev.ficus.rules.rollout.RolloutPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RolloutPlansTests {

    static final String ROUTE = """
            routes:
              - id: survey
                paths: [/safework/survey/**]
                legacy: http://monolith:8080
                modern: http://survey-service:8080
            """;

    @Test
    void readsTheRolloutBlockOfARoute() {
        RouteDefinition route = CatalogueLoader.parse(ROUTE + """
                    rollout:
                      steps: [10, 50, 100]
                      hold: 10m
                      interval: 30s
                      max-error-rate: 0.5
                      max-p99: 200ms
                      max-p50: 80ms
                      min-requests: 200
                      max-error-rate-delta: 2
                      failed-intervals: 3
                      safe-weight: 5
                """, "test.yaml").routes().get(0);

        RolloutPlan plan = route.rolloutPlan().orElseThrow();
        assertThat(plan.steps()).containsExactly(10, 50, 100);
        assertThat(plan.holdTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(plan.analysisInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan.maxErrorRatePercent()).isEqualTo(0.5);
        assertThat(plan.maxP99()).isEqualTo(Duration.ofMillis(200));
        assertThat(plan.maxP50()).contains(Duration.ofMillis(80));
        assertThat(plan.minRequests()).isEqualTo(200);
        assertThat(plan.maxErrorRateDeltaPoints()).hasValue(2.0);
        assertThat(plan.failedIntervalsToRollback()).isEqualTo(3);
        assertThat(plan.safeWeight()).isEqualTo(5);
    }

    @Test
    void aRouteWithoutRolloutHasNoPlanAndAPartialBlockKeepsTheDefaults() {
        assertThat(CatalogueLoader.parse(ROUTE, "test.yaml").routes().get(0).rolloutPlan()).isEmpty();

        RolloutPlan plan = CatalogueLoader.parse(ROUTE + "    rollout: {max-p99: 150ms}\n", "test.yaml")
                .routes().get(0).rolloutPlan().orElseThrow();
        RolloutPlan defaults = RolloutPlan.builder().build();
        assertThat(plan.maxP99()).isEqualTo(Duration.ofMillis(150));
        assertThat(plan.steps()).isEqualTo(defaults.steps());
        assertThat(plan.holdTime()).isEqualTo(defaults.holdTime());
    }

    @Test
    void rejectsBadRolloutFieldsWithTheirLocation() {
        assertThatExceptionOfType(CatalogueException.class).isThrownBy(() -> CatalogueLoader.parse(ROUTE + """
                    rollout:
                      steps: [50, 20]
                      hold: soon
                      max-error-rate: 150
                      min-requests: 0
                      max-p90: 1s
                """, "test.yaml")).satisfies(e -> assertThat(e.problems()).extracting(CatalogueException.Problem::location)
                .contains("routes[0] (survey).rollout.steps", "routes[0] (survey).rollout.hold",
                        "routes[0] (survey).rollout.max-error-rate", "routes[0] (survey).rollout.min-requests",
                        "routes[0] (survey).rollout.max-p90"))
                .withMessageContaining("steps[1]: 20 (expected: > 50")
                .withMessageContaining("\"soon\" (expected: a duration > 0 and at most 24h")
                .withMessageContaining("150 (expected: a percentage 0..100)");
    }

    @Test
    void anAdminRequestOverridesOnlyTheFieldsItNamesInCamelCase() {
        RolloutPlan base = RolloutPlan.builder().steps(10, 100).maxP99(Duration.ofMillis(300)).build();

        RolloutPlan plan = RolloutPlans.fromRequest(Map.of("hold", "3s", "interval", "PT1S", "minRequests", 20,
                "maxErrorRate", 1, "maxP99", "200ms"), base);

        assertThat(plan.steps()).containsExactly(10, 100);
        assertThat(plan.holdTime()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plan.analysisInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(plan.minRequests()).isEqualTo(20);
        assertThat(plan.maxP99()).isEqualTo(Duration.ofMillis(200));
        assertThat(RolloutPlans.fromRequest(Map.of("steps", List.of(25, 50, 100)), base).steps())
                .containsExactly(25, 50, 100);
    }

    @Test
    void aBadAdminRequestNamesEachField() {
        RolloutPlan base = RolloutPlan.builder().build();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlans.fromRequest(Map.of("maxP99", "fast", "safeWeight", 100), base))
                .withMessageContaining("body.max-p99: \"fast\" (expected: a duration")
                .withMessageContaining("body.safe-weight: 100 (expected: 0..99)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlans.fromRequest(Map.of("holdTime", "1m"), base))
                .withMessageContaining("body.hold-time");
    }
}
