package dev.ficus.routes;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code resilience:} section over a base policy (the built-in default for {@code defaults}, the
 * defaults' policy for a route): only the keys written change.
 */
final class ResilienceReader {

    static final List<String> KEYS = List.of("failure-rate-threshold", "slow-call-rate-threshold",
            "slow-call-duration", "sliding-window", "minimum-calls", "wait-in-open", "half-open-calls",
            "failure-statuses", "replay-methods", "max-replay-body", "fallback-to-modern", "retry-connect-failures");

    private static final String EXPECTED = "a map of breaker and fallback settings";

    private ResilienceReader() {
    }

    /** The policy; problems are reported and the base value kept for the bad field. */
    static Optional<ResiliencePolicy> read(YamlNode node, ResiliencePolicy base, Problems problems) {
        if (!node.present()) {
            return Optional.of(base);
        }
        int before = problems.count();
        Optional<YamlNode.Fields> read = node.fields(problems, EXPECTED, KEYS);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Fields fields = read.get();
        int failureRate = integer(fields.get("failure-rate-threshold"), 1, 100, base.failureRateThreshold(),
                problems);
        int slowRate = integer(fields.get("slow-call-rate-threshold"), 1, 100, base.slowCallRateThreshold(),
                problems);
        Duration slowDuration = duration(fields.get("slow-call-duration"), base.slowCallDuration(), problems);
        int window = integer(fields.get("sliding-window"), 1, 10_000, base.slidingWindow(), problems);
        int minimum = integer(fields.get("minimum-calls"), 1, 10_000, base.minimumCalls(), problems);
        Duration wait = duration(fields.get("wait-in-open"), base.waitInOpen(), problems);
        int halfOpen = integer(fields.get("half-open-calls"), 1, 1_000, base.halfOpenCalls(), problems);
        Set<Integer> statuses = statuses(fields.get("failure-statuses"), base.failureStatuses(), problems);
        Set<String> replay = methods(fields.get("replay-methods"), base.replayMethods(), problems);
        long maxBody = integer(fields.get("max-replay-body"), 0, (int) ResiliencePolicy.MAX_REPLAY_BODY_LIMIT,
                (int) base.maxReplayBody(), problems);
        boolean toModern = bool(fields.get("fallback-to-modern"), base.fallbackToModern(), problems);
        boolean retry = bool(fields.get("retry-connect-failures"), base.retryConnectFailures(), problems);
        if (problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResiliencePolicy(failureRate, slowRate, slowDuration, window, minimum, wait,
                    halfOpen, statuses, replay, maxBody, toModern, retry));
        }
        catch (IllegalArgumentException e) {
            problems.add(node.location(), e.getMessage());
            return Optional.empty();
        }
    }

    private static int integer(YamlNode node, int min, int max, int base, Problems problems) {
        return node.present() ? node.integer(problems, min, max, min + ".." + max).orElse(base) : base;
    }

    private static boolean bool(YamlNode node, boolean base, Problems problems) {
        return node.present() ? node.bool(problems).orElse(base) : base;
    }

    private static Duration duration(YamlNode node, Duration base, Problems problems) {
        return node.present() ? Durations.read(node, problems).orElse(base) : base;
    }

    private static Set<Integer> statuses(YamlNode node, Set<Integer> base, Problems problems) {
        if (!node.present()) {
            return base;
        }
        Set<Integer> statuses = new LinkedHashSet<>();
        node.items(problems, "a list of 5xx statuses such as [500, 503]").ifPresent(items -> items.forEach(
                item -> item.integer(problems, 500, 599, "500..599 (4xx never count as failures)")
                        .ifPresent(statuses::add)));
        return statuses;
    }

    private static Set<String> methods(YamlNode node, Set<String> base, Problems problems) {
        if (!node.present()) {
            return base;
        }
        Set<String> methods = new LinkedHashSet<>();
        node.items(problems, "a list of HTTP methods such as [PUT, DELETE]").ifPresent(items -> items.forEach(
                item -> {
                    String method = item.value() instanceof String text
                            ? text.strip().toUpperCase(java.util.Locale.ROOT) : null;
                    if (RouteReader.METHODS.contains(method)) {
                        methods.add(method);
                    }
                    else {
                        problems.add(item.location(), item.describe() + " (expected: one of "
                                + String.join(", ", RouteReader.METHODS) + ")");
                    }
                }));
        return methods;
    }
}
