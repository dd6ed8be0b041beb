package dev.ficus.gateway.observability.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpstreamHealthPropertiesTests {

    @Test
    void defaultsToTcpEveryTenSecondsWithinTwoSeconds() {
        UpstreamHealthProperties properties = new UpstreamHealthProperties(null, null, null, null);

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.mode()).isEqualTo(UpstreamHealthProperties.Mode.TCP);
    }

    @Test
    void defaultTimeoutNeverExceedsAShortInterval() {
        assertThat(new UpstreamHealthProperties(null, Duration.ofSeconds(1), null, null).timeout())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsATooShortInterval() {
        assertThatThrownBy(() -> new UpstreamHealthProperties(null, Duration.ofMillis(50), null, null))
                .hasMessage("ficus.health.upstream.interval: PT0.05S (expected: at least 100ms)");
    }

    @Test
    void rejectsATimeoutLongerThanTheInterval() {
        assertThatThrownBy(() -> new UpstreamHealthProperties(null, Duration.ofSeconds(1), Duration.ofSeconds(3),
                null)).hasMessage("ficus.health.upstream.timeout: PT3S (expected: positive and at most the interval "
                        + "PT1S)");
    }

    @Test
    void rejectsAZeroTimeout() {
        assertThatThrownBy(() -> new UpstreamHealthProperties(null, null, Duration.ZERO, null))
                .hasMessageStartingWith("ficus.health.upstream.timeout: PT0S");
    }
}
