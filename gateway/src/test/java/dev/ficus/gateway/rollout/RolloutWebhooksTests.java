package dev.ficus.gateway.rollout;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RolloutWebhooksTests {

    final WireMockServer receiver = new WireMockServer(options().dynamicPort());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RolloutWebhooks webhooks;

    static final RolloutNotification ROLLBACK = new RolloutNotification("survey", "roll-back", "progressing",
            "rolled-back", 50, 0, "error-rate: 30.0 % (bound: 1.0 %)", "rollout",
            List.of(new RolloutNotification.Gate("error-rate", 30, 1, "%", false)),
            "2026-11-23T02:00:00Z");

    RolloutWebhooks webhooks(int capacity) {
        receiver.start();
        webhooks = new RolloutWebhooks(List.of(URI.create(receiver.baseUrl() + "/hook")), Duration.ofSeconds(2),
                capacity, Duration.ofMillis(10), registry);
        return webhooks;
    }

    @AfterEach
    void stop() {
        if (webhooks != null) {
            webhooks.close();
        }
        receiver.stop();
    }

    @Test
    void postsTheTransitionAsJson() {
        webhooks(8);
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204)));

        webhooks.publish(ROLLBACK);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("ok") == 1);
        receiver.verify(postRequestedFor(urlEqualTo("/hook")).withRequestBody(equalToJson("""
                {"route": "survey", "transition": "roll-back", "from": "progressing", "to": "rolled-back",
                 "previousWeight": 50, "weight": 0, "reason": "error-rate: 30.0 % (bound: 1.0 %)", "actor": "rollout",
                 "gates": [{"gate": "error-rate", "value": 30.0, "bound": 1.0, "unit": "%", "passed": false}],
                 "at": "2026-11-23T02:00:00Z"}""")));
    }

    @Test
    void retriesTwiceThenCountsAFailure() {
        webhooks(8);
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(500)));

        webhooks.publish(ROLLBACK);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("failed") == 1);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/hook")))).hasSize(3);
        assertThat(count("ok")).isZero();
    }

    @Test
    void dropsAndCountsWhenTheQueueIsFull() {
        webhooks(1);
        receiver.stubFor(post("/hook").willReturn(aResponse().withStatus(204).withFixedDelay(1_000)));

        for (int i = 0; i < 20; i++) {
            webhooks.publish(ROLLBACK);
        }

        assertThat(count("dropped")).isPositive();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("ok") + count("dropped") == 20);
    }

    double count(String result) {
        return registry.get("ficus.rollout.webhooks").tag("result", result).counter().count();
    }
}
