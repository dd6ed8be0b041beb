package dev.ficus.gateway.rollout;

import dev.ficus.rules.rollout.Measurement;

import java.time.Instant;

/**
 * The numbers rollout gates read: what the new side of a route did between two instants (upstream calls as the
 * breaker judged them, including calls an open breaker refused), plus the legacy side's error rate over the same
 * span. Backed by a bounded in-memory window fed by the same {@link dev.ficus.gateway.observability.UpstreamCall}
 * events the metrics count; a span older than the window is cut to what is kept.
 */
public interface RolloutMeasurementSource {

    /** What route {@code routeId} did in {@code [from, to)}; zero requests when nothing was seen. */
    Measurement measure(String routeId, Instant from, Instant to);
}
