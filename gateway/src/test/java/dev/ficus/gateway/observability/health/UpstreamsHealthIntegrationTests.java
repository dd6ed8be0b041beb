package dev.ficus.gateway.observability.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.ClosedPort;
import dev.ficus.gateway.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each route side's upstream is checked in the background (here with HEAD, once at startup: the interval is an
 * hour) and shown under {@code upstreams}; a down upstream changes neither the overall status nor readiness, and
 * reading health never checks again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "ficus.health.upstream.interval=1h", "ficus.health.upstream.timeout=1s",
        "ficus.health.upstream.mode=head"})
class UpstreamsHealthIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final int closedPort = ClosedPort.port();

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        TestBackends.reset(legacy, "legacy");
        String yaml = """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d/prod
                  - id: auth
                    paths: [/auth/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%1$d
                """.formatted(legacy.port(), closedPort);
        registry.add("ficus.routes-file", () -> TestBackends.routesFile(yaml).toString());
    }

    @AfterAll
    static void stop() {
        legacy.stop();
    }

    @Test
    void showsEachRouteSideUpOrDownWithoutTakingTheGatewayDown() {
        JsonNode health = await().until(() -> health("/actuator/health"),
                body -> !body.at("/components/upstreams/details/survey.modern/lastChecked").isMissingNode());

        assertThat(health.path("status").asText()).isEqualTo("UP");
        // Spring Cloud's discovery and refresh-scope entries are gone with their auto-configurations
        // (UnusedAutoConfigurations): Ficus has neither a discovery client nor a refresh scope
        assertThat(health.path("components").has("discoveryComposite")).isFalse();
        assertThat(health.path("components").has("refreshScope")).isFalse();
        JsonNode upstreams = health.at("/components/upstreams");
        assertThat(upstreams.path("status").asText()).isEqualTo("UP");
        JsonNode up = upstreams.at("/details/survey.legacy");
        assertThat(up.path("status").asText()).isEqualTo("UP");
        assertThat(up.path("address").asText()).isEqualTo("127.0.0.1:" + legacy.port());
        assertThat(Instant.parse(up.path("lastChecked").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(up.path("latencyMs").isNumber()).isTrue();
        assertThat(up.has("error")).isFalse();
        JsonNode down = upstreams.at("/details/survey.modern");
        assertThat(down.path("status").asText()).isEqualTo("DOWN");
        assertThat(down.path("address").asText()).isEqualTo("127.0.0.1:" + closedPort);
        assertThat(down.path("error").asText()).contains("ConnectException");
        assertThat(upstreams.at("/details/auth.legacy/status").asText()).isEqualTo("UP");
        assertThat(upstreams.at("/details/auth.modern/status").asText()).isEqualTo("UP");

        JsonNode readiness = health("/actuator/health/readiness");
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.at("/components/upstreams").isMissingNode()).isTrue();
        assertThat(health("/actuator/health/liveness").at("/components/upstreams").isMissingNode()).isTrue();
    }

    @Test
    void readingHealthNeverChecksAnUpstream() {
        await().until(() -> legacy.findAll(headRequestedFor(anyUrl())).size(), count -> count > 0);
        int checks = legacy.findAll(headRequestedFor(anyUrl())).size();

        for (int i = 0; i < 5; i++) {
            health("/actuator/health");
        }

        // One distinct address (two route sides share it): one HEAD per round, and no round since.
        assertThat(checks).isEqualTo(1);
        assertThat(legacy.findAll(headRequestedFor(anyUrl()))).hasSize(1);
    }

    private JsonNode health(String path) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(20)).build()
                .get().uri(path).exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
