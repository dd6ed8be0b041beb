package dev.ficus.gateway.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The in-memory traffic windows ({@link TrafficWindows}) that rollout gates and the admin API read.
 *
 * @param window how far back per-second numbers are kept per route and side (10s..1h; at least the longest rollout
 *        analysis interval, or an analysis only sees the last {@code window})
 * @param viewWindow the span the admin API's {@code traffic} of each route covers (at most {@code window})
 */
@ConfigurationProperties("ficus.traffic")
public record TrafficProperties(@DefaultValue("5m") Duration window, @DefaultValue("60s") Duration viewWindow) {

    public TrafficProperties {
        if (viewWindow.isNegative() || viewWindow.isZero() || viewWindow.compareTo(window) > 0) {
            throw new IllegalArgumentException("ficus.traffic.view-window: " + viewWindow
                    + " (expected: positive and at most ficus.traffic.window " + window + ")");
        }
    }
}
