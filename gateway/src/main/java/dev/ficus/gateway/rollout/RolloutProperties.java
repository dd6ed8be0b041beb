package dev.ficus.gateway.rollout;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Progressive rollouts.
 *
 * @param tick how often the scheduler checks whether an analysis interval is due (default {@code 1s}, positive);
 *        the analysis itself runs once per plan interval, so the tick only bounds how late it may run
 */
@Validated
@ConfigurationProperties("ficus.rollout")
public record RolloutProperties(@NotNull @DefaultValue("1s") Duration tick) {

    public RolloutProperties {
        if (tick != null && (tick.isZero() || tick.isNegative())) {
            throw new IllegalArgumentException("ficus.rollout.tick: " + tick + " (expected: > 0)");
        }
    }
}
