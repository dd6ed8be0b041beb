package dev.ficus.gateway.observability.health;

import java.time.Instant;

/**
 * The result of one reachability check of one upstream address.
 *
 * @param reachable whether the connection (or HEAD request) succeeded within the timeout
 * @param checkedAt when the check finished
 * @param latencyMillis how long it took
 * @param error why it failed ({@code null} when reachable): the exception type and message
 */
record UpstreamCheck(boolean reachable, Instant checkedAt, long latencyMillis, String error) {
}
