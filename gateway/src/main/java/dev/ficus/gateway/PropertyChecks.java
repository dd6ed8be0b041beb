package dev.ficus.gateway;

import java.time.Duration;

/**
 * Checks for the {@code ficus.*} configuration records, run in their constructors while Spring Boot binds them. A
 * bad value stops start-up with the property's name, the value and what is expected, in the form the routes file's
 * errors use ({@code name: value (expected: ...)}).
 *
 * <p>Plain code instead of Bean Validation annotations, so that each message names the property and what it
 * expects, and a secret is never echoed. (Hibernate Validator stays on the class path: Spring Cloud Gateway needs it
 * for its own {@code @Validated} properties.)
 */
public final class PropertyChecks {

    private PropertyChecks() {
    }

    /** {@code value} has a non-blank text; {@code expected} says what it should be, e.g. "a header name". */
    public static void notBlank(String name, String value, String expected) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "unset" : "'" + value + "'")
                    + " (expected: " + expected + ")");
        }
    }

    /** {@code value} is set; {@code expected} says what it should be. */
    public static <T> T notNull(String name, T value, String expected) {
        if (value == null) {
            throw new IllegalArgumentException(name + ": unset (expected: " + expected + ")");
        }
        return value;
    }

    /** A TCP port, or 0 for any free port. */
    public static void port(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 0..65535; 0 picks a free port)");
        }
    }

    /** A duration of zero or more; {@code zeroMeans} says what zero does, e.g. "0 turns hot reload off". */
    public static void notNegative(String name, Duration value, String zeroMeans) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "unset" : value) + " (expected: >= 0; "
                    + zeroMeans + ")");
        }
    }

    /** A duration greater than zero. */
    public static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + ": " + (value == null ? "unset" : value) + " (expected: > 0)");
        }
    }
}
