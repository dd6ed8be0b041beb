package dev.ficus.routes;

import java.time.Duration;
import java.util.Objects;

/**
 * Connect and response timeouts for calls to one upstream.
 *
 * @param connect time to establish a TCP (and TLS) connection; positive
 * @param response time from sending the request to receiving the response headers; positive
 */
public record Timeouts(Duration connect, Duration response) {

    /** Default: 2 s to connect, 15 s for the response (Envoy's default route timeout). */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(15));

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        if (connect.isNegative() || connect.isZero()) {
            throw new IllegalArgumentException("connect: " + connect + " (expected: > 0)");
        }
        if (response.isNegative() || response.isZero()) {
            throw new IllegalArgumentException("response: " + response + " (expected: > 0)");
        }
    }
}
