package dev.ficus.gateway.observability.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The background reachability check of every distinct upstream ({@code ficus.health.upstream.*}).
 *
 * @param enabled whether the check runs at all (default {@code true})
 * @param interval time between two rounds of checks (default {@code 10s}, at least {@code 100ms})
 * @param timeout how long one check may take before the upstream counts as down (default {@code 2s} or the interval when
 *     shorter; positive, at most the interval)
 * @param mode {@code tcp} (open and close a connection, default) or {@code head} (an HTTP {@code HEAD /} of the
 *     upstream's base URI; any status counts as reachable)
 */
@ConfigurationProperties("ficus.health.upstream")
public record UpstreamHealthProperties(Boolean enabled, Duration interval, Duration timeout, Mode mode) {

    public enum Mode { TCP, HEAD }

    public UpstreamHealthProperties {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        timeout = timeout != null ? timeout
                : interval.compareTo(Duration.ofSeconds(2)) < 0 ? interval : Duration.ofSeconds(2);
        mode = mode == null ? Mode.TCP : mode;
        if (interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException(
                    "ficus.health.upstream.interval: " + interval + " (expected: at least 100ms)");
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("ficus.health.upstream.timeout: " + timeout
                    + " (expected: positive and at most the interval " + interval + ")");
        }
    }
}
