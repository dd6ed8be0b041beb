package dev.ficus.routes;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads timeout durations as written in a routes file: {@code 250ms}, {@code 2s}, {@code 1m}, ISO-8601
 * ({@code PT2S}) or a bare YAML integer of milliseconds.
 */
final class Durations {

    /** Longer timeouts than this are almost certainly a unit mistake ({@code 30m} meant as {@code 30s}). */
    static final Duration MAX = Duration.ofMinutes(10);

    static final String EXPECTED = "a duration such as 250ms, 2s, 1m, PT2S or an integer of milliseconds";

    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private Durations() {
    }

    /**
     * The duration at {@code node}, or empty after reporting why it is not one.
     */
    static Optional<Duration> read(YamlNode node, Problems problems) {
        Duration duration = parse(node.value());
        if (duration == null) {
            problems.add(node.location(), node.describe() + " (expected: " + EXPECTED + ")");
            return Optional.empty();
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
            problems.add(node.location(), node.describe() + " (expected: > 0 and at most 10m)");
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    /** The duration written as {@code value}, or {@code null} when it is not written as a duration at all. */
    static Duration parse(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return Duration.ofMillis(((Number) value).longValue());
        }
        if (!(value instanceof String text)) {
            return null;
        }
        Matcher simple = SIMPLE.matcher(text.strip());
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(text.strip());
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }
}
