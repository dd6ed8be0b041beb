package dev.ficus.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TrafficRuleTests {

    private static final String TOKEN = "s3cret-override-token";

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "my route", "survey ", "-survey", ".survey", "_survey", "survey/v2", "survey:v2",
            "café", "rÖute"})
    void rejectsBadRouteIds(String id) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrafficRule.builder(id))
                .withMessageStartingWith("id: " + id + " (expected: ")
                .withMessageContaining("1-64 characters");
    }

    @Test
    void rejectsRouteIdsLongerThanSixtyFourCharacters() {
        String tooLong = "r".repeat(65);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrafficRule.builder(tooLong))
                .withMessageContaining(tooLong)
                .withMessageContaining("expected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "7", "survey", "survey.v2", "auth_login-2", "API.v1_beta-3"})
    void acceptsRouteIdsFromTheSafeAlphabet(String id) {
        assertThat(TrafficRule.builder(id).build().routeId()).isEqualTo(id);
    }

    @Test
    void acceptsARouteIdOfSixtyFourCharacters() {
        String longest = "r".repeat(64);

        assertThat(TrafficRule.builder(longest).build().routeId()).isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101, -100, 1_000, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void rejectsWeightsOutsideZeroToHundred(int weight) {
        TrafficRule.Builder builder = TrafficRule.builder("survey");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.weight(weight))
                .withMessage("weight: " + weight + " (expected: 0..100)");
    }

    @Test
    void namesTheBadWeightInTheMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrafficRule.builder("survey").weight(101))
                .withMessage("weight: 101 (expected: 0..100)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrafficRule.builder("survey").weight(-1))
                .withMessage("weight: -1 (expected: 0..100)");
    }

    @Test
    void acceptsTheWholeWeightRange() {
        for (int weight = 0; weight <= 100; weight++) {
            assertThat(TrafficRule.builder("survey").weight(weight).build().weight()).isEqualTo(weight);
        }
    }

    @Test
    void startsWithEverythingOnLegacyNoStickinessAndNoOverrides() {
        TrafficRule rule = TrafficRule.builder("survey").build();

        assertThat(rule.weight()).isZero();
        assertThat(rule.stickiness()).isEqualTo(Stickiness.none());
        assertThat(rule.overrides()).isEqualTo(OverridePolicy.disabled());
        assertThat(rule.overrides().allowed()).isFalse();
    }

    @Test
    void rejectsMissingStickinessAndOverrides() {
        TrafficRule.Builder builder = TrafficRule.builder("survey");

        assertThatNullPointerException().isThrownBy(() -> builder.stickiness(null)).withMessage("stickiness");
        assertThatNullPointerException().isThrownBy(() -> builder.overrides(null)).withMessage("overrides");
    }

    @Test
    void withWeightReturnsANewRuleAndLeavesTheOriginalAlone() {
        TrafficRule original = TrafficRule.builder("survey")
                .weight(10)
                .stickiness(Stickiness.header("X-User-Id"))
                .overrides(OverridePolicy.allowed(TOKEN))
                .build();

        TrafficRule raised = original.withWeight(25);

        assertThat(raised).isNotSameAs(original);
        assertThat(raised.weight()).isEqualTo(25);
        assertThat(raised.routeId()).isEqualTo("survey");
        assertThat(raised.stickiness()).isEqualTo(Stickiness.header("X-User-Id"));
        assertThat(raised.overrides()).isEqualTo(OverridePolicy.allowed(TOKEN));
        assertThat(original.weight()).isEqualTo(10);
        assertThat(original.threshold()).isEqualTo(1_000);
        assertThat(raised.threshold()).isEqualTo(2_500);
        assertThat(raised.seed()).isEqualTo(original.seed());
    }

    @Test
    void withWeightRejectsABadWeightAndLeavesTheOriginalAlone() {
        TrafficRule original = TrafficRule.builder("survey").weight(10).build();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> original.withWeight(101))
                .withMessage("weight: 101 (expected: 0..100)");
        assertThat(original.weight()).isEqualTo(10);
    }

    @Test
    void withTheSameWeightGivesAnEqualRule() {
        TrafficRule rule = TrafficRule.builder("survey").weight(10).build();

        assertThat(rule.withWeight(10)).isEqualTo(rule);
    }

    @Test
    void setsTheThresholdToOneHundredBucketsPerWeightPoint() {
        TrafficRule rule = TrafficRule.builder("survey").build();

        assertThat(rule.threshold()).isZero();
        assertThat(rule.withWeight(1).threshold()).isEqualTo(100);
        assertThat(rule.withWeight(100).threshold()).isEqualTo(StickyBuckets.COUNT);
    }

    @Test
    void seedsTheRuleWithItsRouteId() {
        assertThat(TrafficRule.builder("survey").build().seed()).isEqualTo(StickyBuckets.seed("survey"));
        assertThat(TrafficRule.builder("auth").build().seed()).isEqualTo(StickyBuckets.seed("auth"));
    }

    @Test
    void comparesRulesByValue() {
        TrafficRule rule = TrafficRule.builder("survey").weight(25).stickiness(Stickiness.cookie("sid")).build();
        TrafficRule same = TrafficRule.builder("survey").weight(25).stickiness(Stickiness.cookie("sid")).build();

        assertThat(rule).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(rule).isNotEqualTo(rule.withWeight(26));
        assertThat(rule).isNotEqualTo(TrafficRule.builder("auth").weight(25).stickiness(Stickiness.cookie("sid"))
                .build());
        assertThat(rule).isNotEqualTo(TrafficRule.builder("survey").weight(25).build());
    }

    // ---------------------------------------------------------------- override policy

    @Test
    void neverPrintsTheOverrideToken() {
        OverridePolicy policy = OverridePolicy.allowed(TOKEN);
        OverridePolicy custom = new OverridePolicy(true, "X-Canary", "canary", "X-Canary-Token", TOKEN);
        TrafficRule rule = TrafficRule.builder("survey").overrides(policy).build();

        assertThat(policy.toString()).doesNotContain(TOKEN).contains("token=****");
        assertThat(custom.toString()).doesNotContain(TOKEN).contains("X-Canary-Token");
        assertThat(rule.toString()).doesNotContain(TOKEN).contains("survey");
        assertThat(OverridePolicy.allowed(null).toString()).contains("token=none");
    }

    @Test
    void treatsABlankOverrideTokenAsNone() {
        assertThat(OverridePolicy.allowed(" ").requiresToken()).isFalse();
        assertThat(OverridePolicy.allowed(" ").token()).isNull();
        assertThat(OverridePolicy.allowed(TOKEN).requiresToken()).isTrue();
    }

    @Test
    void rejectsBlankOverrideNames() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OverridePolicy(true, " ", "ficus-target", "X-Ficus-Override-Token", TOKEN))
                .withMessage("override header: empty (expected: a header or cookie name)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OverridePolicy(true, "X-Ficus-Target", "", "X-Ficus-Override-Token", TOKEN))
                .withMessageContaining("cookie");
        assertThatNullPointerException()
                .isThrownBy(() -> new OverridePolicy(true, "X-Ficus-Target", "ficus-target", null, TOKEN))
                .withMessage("tokenHeader");
    }
}
