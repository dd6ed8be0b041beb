package dev.ficus.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulations' parameters: system property {@code ficus.lt.<name>}, else environment variable
 * {@code FICUS_LT_<NAME>} (camelCase split on capitals: {@code baseUrl} → {@code FICUS_LT_BASE_URL}), else the
 * default. An empty value counts as unset (the pom passes every property, empty unless given).
 */
public final class LoadConfig {

    private LoadConfig() {
    }

    /** Base URL of the gateway's proxy port; unset: the simulation starts a local stack (gateway jar + backends). */
    public static String baseUrl() {
        return string("baseUrl", null);
    }

    /** Base URL of the management port (admin API, readiness). */
    public static String adminUrl() {
        return string("adminUrl", null);
    }

    /** Bearer token with the operator role (LiveShift, Rollout write; SteadySplit and NewSideOutage read). */
    public static String adminToken() {
        return string("adminToken", null);
    }

    /** Requests per second of SteadySplit (all routes together); LiveShift, NewSideOutage and Rollout use half. */
    public static double rate() {
        return Double.parseDouble(string("rate", "100"));
    }

    /** Duration of SteadySplit's load; LiveShift, NewSideOutage and Rollout run half of it (Rollout at least 25 s). */
    public static Duration duration() {
        return parseDuration(string("duration", "60s"));
    }

    /** Half of {@link #duration()}: the length of the single-route simulations. */
    public static long halfSeconds() {
        return Math.max(10, duration().toSeconds() / 2);
    }

    /** Bound on the 99th percentile response time over the whole run, milliseconds. */
    public static int p99Ms() {
        return Integer.parseInt(string("p99Ms", "1000"));
    }

    /** Distinct user ids per route (X-User-Id), cycled in order. */
    public static int users() {
        return Integer.parseInt(string("users", "1000"));
    }

    /** Allowed distance of the observed split from the weight, in points. */
    public static double tolerance() {
        return Double.parseDouble(string("tolerance", "3"));
    }

    /**
     * Weights SteadySplit expects, {@code route=weight,...}; routes not named are expected at the weight the admin API
     * reports when the run starts. Naming a wrong weight must fail the run (that is how the check is checked).
     */
    public static Map<String, Integer> expected() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        String text = string("expected", "");
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            expected.put(parts[0].strip(), Integer.parseInt(parts[1].strip()));
        }
        return expected;
    }

    /** WireMock admin base URL of the modern backend (NewSideOutage injects its failure there). */
    public static String modernAdminUrl() {
        return string("modernAdminUrl", null);
    }

    /** NewSideOutage's failure: {@code 500} (modern answers 500), {@code reset} (connection reset), {@code kill}. */
    public static String outage() {
        return string("outage", "500");
    }

    /** Where the gateway jar is for the local stack. */
    public static Path gatewayJar() {
        return Path.of(string("gatewayJar", "../gateway/target/ficus-gateway.jar"));
    }

    /** The module's target directory: local stack logs and the results summary go there. */
    public static Path workDir() {
        return Path.of(string("workDir", "target"));
    }

    /** Seconds the local gateway may take to become ready. */
    public static Duration startTimeout() {
        return parseDuration(string("startTimeout", "180s"));
    }

    static String string(String name, String fallback) {
        String value = System.getProperty("ficus.lt." + name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            value = System.getenv("FICUS_LT_" + name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase());
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }
}
