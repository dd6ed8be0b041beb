package dev.ficus.gateway.observability.metrics;

import ch.qos.logback.classic.LoggerContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.Arrays;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a scripted set of requests (served, fallen back, rejected, many distinct paths and user ids, an odd
 * method, an admin change) the Prometheus text on the management port has the expected series with the expected
 * counts, and no label carries a path or a user id.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "ficus.reload-interval=0",
        "ficus.admin.tokens[0].name=olivia", "ficus.admin.tokens[0].token=" + MetricsIntegrationTests.OPERATOR,
        "ficus.admin.tokens[0].role=operator"})
class MetricsIntegrationTests {

    static final String OPERATOR = "operator-token-0123456789";
    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @Autowired
    WebTestClient client;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        modern.stubFor(any(urlPathMatching("/shaky/.*")).willReturn(aResponse().withStatus(503)));
        TestBackends.useRoutes(registry, """
                defaults:
                  resilience: {sliding-window: 100, minimum-calls: 100}
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                    stickiness: header:X-User-Id
                  - id: shaky
                    paths: [/shaky/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                """.formatted(legacy.port(), modern.port()));
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void publishesBoundedSeriesWithTheExpectedCounts() {
        for (int i = 0; i < 20; i++) {
            client.get().uri("/survey/item-" + i + "-secret").header("X-User-Id", "user-" + i + "-secret")
                    .exchange().expectStatus().isOk().expectHeader().valueEquals("X-Ficus-Target", "modern");
        }
        client.method(org.springframework.http.HttpMethod.valueOf("PURGE")).uri("/survey/purge-secret")
                .exchange().expectStatus().isOk();
        for (int i = 0; i < 2; i++) {
            client.get().uri("/shaky/" + i + "-secret").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Ficus-Target", "legacy");
        }
        for (int i = 0; i < 3; i++) {
            client.get().uri("/nowhere-" + i + "-secret").exchange().expectStatus().isNotFound();
        }
        management().put().uri("/admin/routes/survey/weight").header("Authorization", "Bearer " + OPERATOR)
                .header("If-Match", "*").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"weight\": 40, \"reason\": \"metrics test\"}").exchange().expectStatus().isOk();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .contains("ficus_requests_seconds_count{method=\"GET\",outcome=\"rejected\",route=\"none\","
                        + "side=\"none\",status=\"4xx\"} 3"));
        String text = prometheus();

        assertThat(text).contains(
                "ficus_requests_seconds_count{method=\"GET\",outcome=\"success\",route=\"survey\",side=\"modern\","
                        + "status=\"2xx\"} 20",
                "ficus_requests_seconds_count{method=\"OTHER\",outcome=\"success\",route=\"survey\","
                        + "side=\"modern\",status=\"2xx\"} 1",
                "ficus_requests_seconds_count{method=\"GET\",outcome=\"fallback\",route=\"shaky\",side=\"legacy\","
                        + "status=\"2xx\"} 2",
                "ficus_upstream_calls_seconds_count{result=\"success\",route=\"survey\",side=\"modern\"} 21",
                "ficus_upstream_calls_seconds_count{result=\"status\",route=\"shaky\",side=\"modern\"} 2",
                "ficus_upstream_calls_seconds_count{result=\"success\",route=\"shaky\",side=\"legacy\"} 2",
                "ficus_fallbacks_total{from=\"modern\",reason=\"status\",route=\"shaky\"} 2.0",
                "ficus_route_weight{route=\"survey\"} 40.0",
                "ficus_access_dropped_total 0.0",
                "ficus_route_weight{route=\"shaky\"} 100.0",
                "ficus_admin_changes_total{kind=\"lower\",source=\"api\"} 1.0",
                "resilience4j_circuitbreaker_state{name=\"shaky.modern\",state=\"closed\"} 1.0",
                "resilience4j_circuitbreaker_state{name=\"survey.legacy\",state=\"closed\"} 1.0",
                "ficus_requests_seconds_bucket{method=\"GET\",outcome=\"success\",route=\"survey\",side=\"modern\","
                        + "status=\"2xx\",le=\"+Inf\"} 20");
        assertThat(text).doesNotContain("secret", "item-", "user-", "PURGE", "nowhere")
                .doesNotContain("spring_cloud_gateway_requests");
        assertThat(text).doesNotContain("ficus_upstream_calls_seconds_bucket")
                .doesNotContain("http_client_requests"); // the gateway's client observation is off by default
        // Spring's server timer covers the management port (admin API, actuator) only: proxied requests are in
        // ficus.requests, and get Ficus's own server span instead of Spring's server observation
        assertThat(lines(text).filter(line -> line.startsWith("http_server_requests_seconds_count{")))
                .anyMatch(line -> line.contains("method=\"PUT\"")
                        && line.contains("uri=\"/admin/routes/{id}/weight\""))
                .noneMatch(line -> line.contains("uri=\"UNKNOWN\"") || line.contains("uri=\"NOT_FOUND\"")
                        || line.contains("method=\"UNKNOWN\""));

        // logback.events still published, counted by an appender: no logback turbo filter, which would run on every
        // isDebugEnabled() check of every request (LogEventsMetrics)
        assertThat(text).contains("logback_events_total{level=\"warn\"}", "logback_events_total{level=\"error\"}");
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList()).isEmpty();

        long bucketsPerSeries = lines(text).filter(line -> line.startsWith("ficus_requests_seconds_bucket{")
                && line.contains("outcome=\"success\",route=\"survey\",side=\"modern\",status=\"2xx\""))
                .filter(line -> line.startsWith("ficus_requests_seconds_bucket{method=\"GET\"")).count();
        long surveySeries = lines(text).filter(line -> line.startsWith("ficus_requests_seconds")
                && line.contains("route=\"survey\"")).count();
        System.out.printf("ficus.requests: %d buckets (incl. +Inf) per tag combination; route survey has %d "
                + "ficus_requests_seconds_* series for its 2 tag combinations%n", bucketsPerSeries, surveySeries);
        assertThat(bucketsPerSeries).isBetween(10L, 80L);
        assertThat(surveySeries).isEqualTo(2 * (bucketsPerSeries + 3));
    }

    private static java.util.stream.Stream<String> lines(String text) {
        return Arrays.stream(text.split("\n"));
    }

    private WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(20)).build();
    }

    private String prometheus() {
        return management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
