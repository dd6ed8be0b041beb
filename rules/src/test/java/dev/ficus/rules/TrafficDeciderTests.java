package dev.ficus.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrafficDeciderTests {

    private static final String USER_HEADER = "X-User-Id";
    private static final int KEYS = 10_000;
    private static final String TOKEN = "s3cret-override-token";

    private final TrafficDecider decider = new TrafficDecider(new SplittableRandom(20240611L));

    // ---------------------------------------------------------------- sticky keys

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 50, 75, 90, 99})
    void sendsTheSameKeyToTheSameSideOnEveryCall(int weight) {
        TrafficRule rule = stickyRule("survey", weight);
        TrafficRule rebuilt = stickyRule("survey", weight);
        TrafficDecider otherDecider = new TrafficDecider(new SplittableRandom(7L));

        for (int n = 0; n < 1_000; n++) {
            RequestView request = userRequest("user-" + n);
            Decision first = decider.decide(rule, request);
            assertThat(first.basis()).isEqualTo(Basis.STICKY);
            for (int call = 0; call < 20; call++) {
                assertThat(decider.decide(rule, request)).as("user-%d call %d", n, call).isEqualTo(first);
            }
            // Neither a rebuilt rule (a reload) nor another gateway instance with another random source moves a user.
            assertThat(decider.decide(rebuilt, request)).as("user-%d, rebuilt rule", n).isEqualTo(first);
            assertThat(otherDecider.decide(rule, request)).as("user-%d, other decider", n).isEqualTo(first);
        }
    }

    @Test
    void keepsUserOnModernWhenWeightRises() {
        TrafficRule rule = stickyRule("survey", 0);
        boolean[] onModern = new boolean[KEYS];
        List<String> movedBack = new ArrayList<>();

        for (int weight = 0; weight <= 100; weight++) {
            TrafficRule atWeight = rule.withWeight(weight);
            int modern = 0;
            for (int n = 0; n < KEYS; n++) {
                Side side = decider.decide(atWeight, userRequest("user-" + n)).side();
                if (side == Side.MODERN) {
                    onModern[n] = true;
                    modern++;
                }
                else if (onModern[n]) {
                    movedBack.add("user-" + n + " at weight " + weight);
                }
            }
            assertThat(modern).as("users on modern at weight %d", weight).isBetween(
                    weight == 0 ? 0 : 1, weight == 100 ? KEYS : KEYS - 1);
        }
        assertThat(movedBack).as("users moved from modern back to legacy").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 50, 75, 90, 99})
    void splitsUserIdsByWeightWithinTwoPoints(int weight) {
        assertThat(stickyShare(weight, n -> "user-" + n)).isCloseTo(weight, within(2.0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 50, 75, 90, 99})
    void splitsUuidsByWeightWithinTwoPoints(int weight) {
        SplittableRandom ids = new SplittableRandom(weight);
        assertThat(stickyShare(weight, n -> randomUuid(ids))).isCloseTo(weight, within(2.0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 50, 75, 90, 99})
    void splitsSequentialNumericIdsByWeightWithinTwoPoints(int weight) {
        assertThat(stickyShare(weight, n -> Integer.toString(100_000 + n))).isCloseTo(weight, within(2.0));
    }

    @Test
    void givesDifferentRoutesIndependentCohorts() {
        TrafficRule survey = stickyRule("survey", 50);
        TrafficRule auth = stickyRule("auth", 50);
        TrafficRule surveyAgain = stickyRule("survey", 50);

        int onBoth = 0;
        int onBothSameRoute = 0;
        for (int n = 0; n < KEYS; n++) {
            RequestView request = userRequest("user-" + n);
            boolean modernOnSurvey = decider.decide(survey, request).side() == Side.MODERN;
            if (modernOnSurvey && decider.decide(auth, request).side() == Side.MODERN) {
                onBoth++;
            }
            if (modernOnSurvey && decider.decide(surveyAgain, request).side() == Side.MODERN) {
                onBothSameRoute++;
            }
        }
        // Independent halves overlap on a quarter of the users; the same route overlaps on all of its half.
        assertThat(percent(onBoth, KEYS)).isCloseTo(25.0, within(3.0));
        assertThat(percent(onBothSameRoute, KEYS)).isCloseTo(50.0, within(2.0));
    }

    @Test
    void readsTheKeyFromWhereTheRouteSaysOnly() {
        TrafficRule byCookie = TrafficRule.builder("survey").weight(50).stickiness(Stickiness.cookie("sid")).build();

        assertThat(decider.decide(byCookie, FakeRequest.create().cookie("sid", "abc")).basis())
                .isEqualTo(Basis.STICKY);
        assertThat(decider.decide(byCookie, userRequest("user-1")).basis()).isEqualTo(Basis.RANDOM);
    }

    // ---------------------------------------------------------------- keyless requests

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 25, 50, 75, 90, 99})
    void splitsKeylessRequestsByWeightWithinTwoPoints(int weight) {
        TrafficRule rule = stickyRule("survey", weight);
        RequestView keyless = FakeRequest.create().clientIp("203.0.113.7");

        Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
        for (int draw = 0; draw < KEYS; draw++) {
            counts.merge(decider.decide(rule, keyless), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys(Decision.LEGACY_RANDOM, Decision.MODERN_RANDOM);
        assertThat(percent(counts.get(Decision.MODERN_RANDOM), KEYS)).isCloseTo(weight, within(2.0));
    }

    @Test
    void drawsAgainForEveryKeylessRequest() {
        TrafficRule rule = stickyRule("survey", 50);
        RequestView keyless = FakeRequest.create();

        int modern = 0;
        for (int draw = 0; draw < 1_000; draw++) {
            if (decider.decide(rule, keyless) == Decision.MODERN_RANDOM) {
                modern++;
            }
        }

        assertThat(modern).as("the same keyless request lands on both sides").isBetween(400, 600);
    }

    @Test
    void treatsAnEmptyKeyAsNoKey() {
        TrafficRule rule = stickyRule("survey", 50);
        RequestView emptyKey = userRequest("");

        assertThat(decider.decide(rule, emptyKey).basis()).isEqualTo(Basis.RANDOM);
    }

    @Test
    void drawsForEveryRequestWhenTheRouteHasNoStickiness() {
        TrafficRule rule = TrafficRule.builder("survey").weight(50).build();

        assertThat(decider.decide(rule, userRequest("user-1").clientIp("203.0.113.7")).basis())
                .isEqualTo(Basis.RANDOM);
    }

    // ---------------------------------------------------------------- fixed weights

    @Test
    void sendsEveryRequestToLegacyAtWeightZero() {
        assertThat(decisionsAt(0)).containsOnlyKeys(Decision.LEGACY_FIXED);
    }

    @Test
    void sendsEveryRequestToModernAtWeightHundred() {
        assertThat(decisionsAt(100)).containsOnlyKeys(Decision.MODERN_FIXED);
    }

    @Test
    void makesNoDrawAtFixedWeights() {
        TrafficDecider noDraws = new TrafficDecider(new NoDraws());

        assertThat(noDraws.decide(stickyRule("survey", 0), FakeRequest.create())).isEqualTo(Decision.LEGACY_FIXED);
        assertThat(noDraws.decide(stickyRule("survey", 100), FakeRequest.create()))
                .isEqualTo(Decision.MODERN_FIXED);
    }

    // ---------------------------------------------------------------- overrides

    @Test
    void letsTheOverrideHeaderForceModernAtWeightZero() {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule, FakeRequest.withHeader("X-Ficus-Target", "modern")))
                .isEqualTo(Decision.MODERN_OVERRIDE);
    }

    @Test
    void letsTheOverrideHeaderForceLegacyAtWeightHundred() {
        TrafficRule rule = overridableRule(100, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule, FakeRequest.withHeader("X-Ficus-Target", "legacy")))
                .isEqualTo(Decision.LEGACY_OVERRIDE);
    }

    @Test
    void letsTheOverrideCookieForceASide() {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule, FakeRequest.create().cookie("ficus-target", "modern")))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule.withWeight(100), FakeRequest.create().cookie("ficus-target", "legacy")))
                .isEqualTo(Decision.LEGACY_OVERRIDE);
    }

    @Test
    void letsTheOverrideBeatTheStickyCohort() {
        TrafficRule rule = overridableRule(50, OverridePolicy.allowed(null));
        String legacyUser = firstUserOn(Side.LEGACY, rule);
        String modernUser = firstUserOn(Side.MODERN, rule);

        assertThat(decider.decide(rule, userRequest(legacyUser).header("X-Ficus-Target", "modern")))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule, userRequest(modernUser).header("X-Ficus-Target", "legacy")))
                .isEqualTo(Decision.LEGACY_OVERRIDE);
    }

    @Test
    void prefersTheOverrideHeaderOverTheCookie() {
        TrafficRule rule = overridableRule(50, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "legacy").cookie("ficus-target", "modern")))
                .isEqualTo(Decision.LEGACY_OVERRIDE);
        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "modern").cookie("ficus-target", "legacy")))
                .isEqualTo(Decision.MODERN_OVERRIDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MODERN", "Modern", "mOdErN", " modern ", "modern\t"})
    void acceptsSideNamesInAnyCase(String value) {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule, FakeRequest.withHeader("X-Ficus-Target", value)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule, FakeRequest.create().cookie("ficus-target", value)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "new", "modern2", "mod ern", "1", "true", "MODERN_OVERRIDE", "légacy"})
    void ignoresAnOverrideThatNamesNoSide(String value) {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(null));

        assertThat(decider.decide(rule, FakeRequest.withHeader("X-Ficus-Target", value)))
                .isEqualTo(Decision.LEGACY_FIXED);
        assertThat(decider.decide(rule, FakeRequest.create().cookie("ficus-target", value)))
                .isEqualTo(Decision.LEGACY_FIXED);
    }

    @Test
    void ignoresOverridesOnARouteThatDoesNotAllowThem() {
        TrafficRule rule = overridableRule(0, OverridePolicy.disabled());
        TrafficRule withToken = overridableRule(0,
                new OverridePolicy(false, "X-Ficus-Target", "ficus-target", "X-Ficus-Override-Token", TOKEN));

        RequestView header = FakeRequest.withHeader("X-Ficus-Target", "modern");
        RequestView cookie = FakeRequest.create().cookie("ficus-target", "modern");
        RequestView headerAndToken = FakeRequest.withHeader("X-Ficus-Target", "modern")
                .header("X-Ficus-Override-Token", TOKEN);

        assertThat(decider.decide(rule, header)).isEqualTo(Decision.LEGACY_FIXED);
        assertThat(decider.decide(rule, cookie)).isEqualTo(Decision.LEGACY_FIXED);
        assertThat(decider.decide(withToken, headerAndToken)).isEqualTo(Decision.LEGACY_FIXED);
    }

    @Test
    void ignoresAnOverrideWithoutTheToken() {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(TOKEN));

        assertThat(decider.decide(rule, FakeRequest.withHeader("X-Ficus-Target", "modern")))
                .isEqualTo(Decision.LEGACY_FIXED);
        assertThat(decider.decide(rule, FakeRequest.create().cookie("ficus-target", "modern")))
                .isEqualTo(Decision.LEGACY_FIXED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "wrong", "s3cret-override-toke", "s3cret-override-token-and-more",
            "S3CRET-OVERRIDE-TOKEN", " s3cret-override-token"})
    void ignoresAnOverrideWithAWrongToken(String presented) {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(TOKEN));

        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "modern").header("X-Ficus-Override-Token", presented)))
                .isEqualTo(Decision.LEGACY_FIXED);
    }

    @Test
    void honoursAnOverrideWithTheRightToken() {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(TOKEN));

        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "modern").header("X-Ficus-Override-Token", TOKEN)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule,
                FakeRequest.create().cookie("ficus-target", "modern").header("X-Ficus-Override-Token", TOKEN)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
    }

    @Test
    void readsTheOverrideTokenFromTheHeaderOnly() {
        TrafficRule rule = overridableRule(0, OverridePolicy.allowed(TOKEN));

        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "modern").cookie("X-Ficus-Override-Token", TOKEN)))
                .isEqualTo(Decision.LEGACY_FIXED);
    }

    @Test
    void usesTheConfiguredOverrideNames() {
        OverridePolicy canary = new OverridePolicy(true, "X-Canary", "canary", "X-Canary-Token", TOKEN);
        TrafficRule rule = overridableRule(0, canary);

        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Canary", "modern").header("X-Canary-Token", TOKEN)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule,
                FakeRequest.create().cookie("canary", "modern").header("X-Canary-Token", TOKEN)))
                .isEqualTo(Decision.MODERN_OVERRIDE);
        assertThat(decider.decide(rule,
                FakeRequest.withHeader("X-Ficus-Target", "modern").header("X-Ficus-Override-Token", TOKEN)))
                .isEqualTo(Decision.LEGACY_FIXED);
    }

    // ---------------------------------------------------------------- helpers

    private static TrafficRule stickyRule(String routeId, int weight) {
        return TrafficRule.builder(routeId).weight(weight).stickiness(Stickiness.header(USER_HEADER)).build();
    }

    private static TrafficRule overridableRule(int weight, OverridePolicy overrides) {
        return TrafficRule.builder("survey")
                .weight(weight)
                .stickiness(Stickiness.header(USER_HEADER))
                .overrides(overrides)
                .build();
    }

    private static FakeRequest userRequest(String userId) {
        return FakeRequest.withHeader(USER_HEADER, userId);
    }

    private double stickyShare(int weight, IntFunction<String> keys) {
        TrafficRule rule = stickyRule("survey", weight);
        int modern = 0;
        for (int n = 0; n < KEYS; n++) {
            Decision decision = decider.decide(rule, userRequest(keys.apply(n)));
            assertThat(decision.basis()).isEqualTo(Basis.STICKY);
            if (decision.side() == Side.MODERN) {
                modern++;
            }
        }
        return percent(modern, KEYS);
    }

    /** 100,000 decisions at {@code weight}: half with a distinct user id, half without any key. */
    private Map<Decision, Integer> decisionsAt(int weight) {
        TrafficRule rule = stickyRule("survey", weight);
        Map<Decision, Integer> counts = new EnumMap<>(Decision.class);
        for (int n = 0; n < 50_000; n++) {
            counts.merge(decider.decide(rule, userRequest("user-" + n)), 1, Integer::sum);
            counts.merge(decider.decide(rule, FakeRequest.create()), 1, Integer::sum);
        }
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(100_000);
        return counts;
    }

    private String firstUserOn(Side side, TrafficRule rule) {
        for (int n = 0; ; n++) {
            if (decider.decide(rule, userRequest("user-" + n)).side() == side) {
                return "user-" + n;
            }
        }
    }

    /** A version-4 UUID drawn from {@code random}, as most user and session ids are. */
    private static String randomUuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    private static double percent(int count, int total) {
        return 100.0 * count / total;
    }

    /** Fails the test if the decider draws at all. */
    private static final class NoDraws implements RandomGenerator {

        @Override
        public long nextLong() {
            throw new AssertionError("drew a random number");
        }
    }
}
