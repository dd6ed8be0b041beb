package dev.ficus.gateway.observability.health;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingStateHealthIndicatorTests {

    final RoutingStateHealthIndicator indicator =
            new RoutingStateHealthIndicator(Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC));

    @Test
    void isDownBeforeAnythingIsLoaded() {
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("state", "not loaded");
    }

    @Test
    void isDownWhileLoading() {
        indicator.loading();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("state", "loading")
                .containsEntry("since", "2026-11-23T02:00:00Z");
    }

    @Test
    void staysDownWithTheErrorWhenLoadingFailed() {
        indicator.loading();
        indicator.failed(new IllegalStateException("state.json: bad"));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(indicator.health().getDetails()).containsEntry("state", "failed")
                .containsEntry("error", "state.json: bad");
    }
}
