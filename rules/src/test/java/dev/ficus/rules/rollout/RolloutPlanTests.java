package dev.ficus.rules.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutPlanTests {

    @Test
    void hasSensibleDefaults() {
        RolloutPlan plan = RolloutPlan.builder().build();

        assertThat(plan.steps()).containsExactly(25, 50, 100);
        assertThat(plan.failedIntervalsToRollback()).isEqualTo(2);
        assertThat(plan.safeWeight()).isZero();
        assertThat(plan.maxP50()).isEmpty();
        assertThat(plan.maxErrorRateDeltaPoints()).isEmpty();
        assertThat(plan.analysisInterval()).isLessThanOrEqualTo(plan.holdTime());
    }

    @Test
    void keepsEveryConfiguredValue() {
        RolloutPlan plan = RolloutPlan.builder()
                .steps(10, 30, 100)
                .holdTime(Duration.ofMinutes(5))
                .analysisInterval(Duration.ofSeconds(30))
                .maxErrorRatePercent(0.5)
                .maxP99(Duration.ofMillis(400))
                .maxP50(Duration.ofMillis(80))
                .minRequests(50)
                .maxErrorRateDeltaPoints(0.2)
                .failedIntervalsToRollback(3)
                .safeWeight(5)
                .build();

        assertThat(plan.steps()).containsExactly(10, 30, 100);
        assertThat(plan.holdTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(plan.analysisInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(plan.maxErrorRatePercent()).isEqualTo(0.5);
        assertThat(plan.maxP99()).isEqualTo(Duration.ofMillis(400));
        assertThat(plan.maxP50()).contains(Duration.ofMillis(80));
        assertThat(plan.minRequests()).isEqualTo(50);
        assertThat(plan.maxErrorRateDeltaPoints()).hasValue(0.2);
        assertThat(plan.failedIntervalsToRollback()).isEqualTo(3);
        assertThat(plan.safeWeight()).isEqualTo(5);
        assertThat(plan).isEqualTo(RolloutPlan.builder().steps(10, 30, 100).holdTime(Duration.ofMinutes(5))
                .analysisInterval(Duration.ofSeconds(30)).maxErrorRatePercent(0.5).maxP99(Duration.ofMillis(400))
                .maxP50(Duration.ofMillis(80)).minRequests(50).maxErrorRateDeltaPoints(0.2)
                .failedIntervalsToRollback(3).safeWeight(5).build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void rejectsStepsOutsideOneToHundred(int bad) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().steps(bad))
                .withMessageStartingWith("steps[0]: " + bad + " (expected: 1..100");
    }

    @Test
    void rejectsStepsThatDoNotIncrease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().steps(25, 50, 50, 100))
                .withMessageContaining("steps[2]: 50")
                .withMessageContaining("expected: > 50");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().steps(50, 25))
                .withMessageContaining("steps[1]: 25")
                .withMessageContaining("expected");
    }

    @Test
    void rejectsNoSteps() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().steps())
                .withMessageContaining("steps: []")
                .withMessageContaining("expected");
    }

    @Test
    void rejectsNonPositiveDurations() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().holdTime(Duration.ZERO))
                .withMessage("holdTime: PT0S (expected: > 0)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().analysisInterval(Duration.ofSeconds(-5)))
                .withMessage("analysisInterval: PT-5S (expected: > 0)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().maxP99(Duration.ZERO))
                .withMessage("maxP99: PT0S (expected: > 0)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().maxP50(Duration.ofMillis(-1)))
                .withMessage("maxP50: PT-0.001S (expected: > 0)");
        assertThatNullPointerException().isThrownBy(() -> RolloutPlan.builder().holdTime(null));
    }

    @Test
    void rejectsAnalysisIntervalLongerThanHoldTime() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder()
                        .holdTime(Duration.ofMinutes(1))
                        .analysisInterval(Duration.ofMinutes(2))
                        .build())
                .withMessage("analysisInterval: PT2M (expected: <= holdTime PT1M)");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 100.5, Double.NaN})
    void rejectsPercentagesOutOfRange(double bad) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().maxErrorRatePercent(bad))
                .withMessage("maxErrorRatePercent: " + bad + " (expected: 0..100)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().maxErrorRateDeltaPoints(bad))
                .withMessage("maxErrorRateDeltaPoints: " + bad + " (expected: 0..100)");
    }

    @Test
    void rejectsBadCounts() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().minRequests(0))
                .withMessage("minRequests: 0 (expected: >= 1)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().failedIntervalsToRollback(0))
                .withMessage("failedIntervalsToRollback: 0 (expected: >= 1)");
    }

    @Test
    void rejectsSafeWeightOutOfRangeOrNotBelowTheFirstStep() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().safeWeight(101))
                .withMessage("safeWeight: 101 (expected: 0..100)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RolloutPlan.builder().steps(10, 100).safeWeight(10).build())
                .withMessage("safeWeight: 10 (expected: below the first step 10)");
    }

    @Test
    void stepsCannotBeChangedFromOutside() {
        RolloutPlan plan = RolloutPlan.builder().build();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.steps().set(0, 99))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
