package dev.ficus.routes;

import dev.ficus.rules.rollout.RolloutPlan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a rollout plan: a route's {@code rollout:} block in the routes file (kebab-case keys), or the JSON body of
 * {@code POST /admin/routes/{id}/rollout} (the same keys in camelCase). Only the keys written change the base plan
 * (the built-in defaults in the file; the route's file plan, else the defaults, in the admin API).
 *
 * <pre>{@code
 * rollout:
 *   steps: [25, 50, 100]
 *   hold: 10m
 *   interval: 1m
 *   max-error-rate: 1      # percent
 *   max-p99: 200ms
 *   min-requests: 100
 * }</pre>
 */
public final class RolloutPlans {

    static final List<String> KEYS = List.of("steps", "hold", "interval", "max-error-rate", "max-p99", "max-p50",
            "min-requests", "max-error-rate-delta", "failed-intervals", "safe-weight");

    private static final String EXPECTED = "a map of rollout settings such as {steps: [25, 50, 100], hold: 10m}";
    private static final Duration MAX_DURATION = Duration.ofDays(1);

    private RolloutPlans() {
    }

    /**
     * The plan an admin request asks for: {@code body} holds camelCase keys ({@code steps}, {@code hold},
     * {@code interval}, {@code maxErrorRate}, {@code maxP99}, {@code maxP50}, {@code minRequests},
     * {@code maxErrorRateDelta}, {@code failedIntervals}, {@code safeWeight}) over {@code base}.
     *
     * @throws IllegalArgumentException naming every bad field, e.g. {@code body.maxP99: "fast" (expected: …)}
     */
    public static RolloutPlan fromRequest(Map<String, ?> body, RolloutPlan base) {
        Map<String, Object> kebab = new LinkedHashMap<>();
        body.forEach((key, value) -> kebab.put(kebabCase(key), value));
        Problems problems = new Problems();
        Optional<RolloutPlan> plan = read(new YamlNode("body", kebab, true), base, problems);
        if (plan.isEmpty()) {
            List<String> messages = new ArrayList<>();
            problems.list().forEach(problem -> messages.add(problem.location() + ": " + problem.message()));
            throw new IllegalArgumentException(String.join("; ", messages));
        }
        return plan.get();
    }

    /** The plan of a {@code rollout:} block over {@code base}; problems are reported and nothing is returned. */
    static Optional<RolloutPlan> read(YamlNode node, RolloutPlan base, Problems problems) {
        int before = problems.count();
        Optional<YamlNode.Fields> read = node.fields(problems, EXPECTED, KEYS);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Fields fields = read.get();
        RolloutPlan.Builder plan = builderFrom(base);
        set(fields.get("steps"), problems, value -> plan.steps(steps(fields.get("steps"), problems)));
        set(fields.get("hold"), problems, value -> plan.holdTime(duration(fields.get("hold"), problems)));
        set(fields.get("interval"), problems,
                value -> plan.analysisInterval(duration(fields.get("interval"), problems)));
        set(fields.get("max-error-rate"), problems,
                value -> plan.maxErrorRatePercent(percent(fields.get("max-error-rate"), problems)));
        set(fields.get("max-p99"), problems, value -> plan.maxP99(duration(fields.get("max-p99"), problems)));
        set(fields.get("max-p50"), problems, value -> plan.maxP50(duration(fields.get("max-p50"), problems)));
        set(fields.get("min-requests"), problems, value -> fields.get("min-requests")
                .integer(problems, 1, 100_000_000, "1..100000000").ifPresent(plan::minRequests));
        set(fields.get("max-error-rate-delta"), problems,
                value -> plan.maxErrorRateDeltaPoints(percent(fields.get("max-error-rate-delta"), problems)));
        set(fields.get("failed-intervals"), problems, value -> fields.get("failed-intervals")
                .integer(problems, 1, 1_000, "1..1000").ifPresent(plan::failedIntervalsToRollback));
        set(fields.get("safe-weight"), problems, value -> fields.get("safe-weight")
                .integer(problems, 0, 99, "0..99").ifPresent(plan::safeWeight));
        if (problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(plan.build());
        }
        catch (IllegalArgumentException e) {
            problems.add(node.location(), e.getMessage());
            return Optional.empty();
        }
    }

    private static RolloutPlan.Builder builderFrom(RolloutPlan base) {
        RolloutPlan.Builder builder = RolloutPlan.builder()
                .steps(base.steps().stream().mapToInt(Integer::intValue).toArray())
                .holdTime(base.holdTime())
                .analysisInterval(base.analysisInterval())
                .maxErrorRatePercent(base.maxErrorRatePercent())
                .maxP99(base.maxP99())
                .minRequests(base.minRequests())
                .failedIntervalsToRollback(base.failedIntervalsToRollback())
                .safeWeight(base.safeWeight());
        base.maxP50().ifPresent(builder::maxP50);
        base.maxErrorRateDeltaPoints().ifPresent(builder::maxErrorRateDeltaPoints);
        return builder;
    }

    /** Runs {@code setter} for a written key; a value the builder rejects becomes a problem at that key. */
    private static void set(YamlNode node, Problems problems, Consumer<YamlNode> setter) {
        if (!node.present()) {
            return;
        }
        int before = problems.count();
        try {
            setter.accept(node);
        }
        catch (IllegalArgumentException e) {
            if (problems.count() == before) {
                problems.add(node.location(), node.describe() + " (" + e.getMessage() + ")");
            }
        }
        catch (Invalid e) {
            // already reported
        }
    }

    private static int[] steps(YamlNode node, Problems problems) {
        List<YamlNode> items = node.items(problems, "a list of weights such as [25, 50, 100]")
                .orElseThrow(Invalid::new);
        int[] weights = new int[items.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = items.get(i).integer(problems, 1, 100, "1..100").orElseThrow(Invalid::new);
        }
        return weights;
    }

    private static Duration duration(YamlNode node, Problems problems) {
        Duration duration = Durations.parse(node.value());
        if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            problems.add(node.location(), node.describe()
                    + " (expected: a duration > 0 and at most 24h, such as 500ms, 30s, 10m or PT1H)");
            throw new Invalid();
        }
        return duration;
    }

    private static double percent(YamlNode node, Problems problems) {
        if (node.value() instanceof Number number && number.doubleValue() >= 0 && number.doubleValue() <= 100) {
            return number.doubleValue();
        }
        problems.add(node.location(), node.describe() + " (expected: a percentage 0..100)");
        throw new Invalid();
    }

    static String kebabCase(String key) {
        StringBuilder out = new StringBuilder();
        for (char c : key.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            }
            else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /** A field already reported as a problem. */
    private static final class Invalid extends RuntimeException {
        Invalid() {
            super(null, null, false, false);
        }
    }
}
