package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One JSON line on {@code ficus.access} per proxied request: served, fallen back and rejected. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "ficus.reload-interval=0", "ficus.trusted-proxies=127\\.0\\.0\\.1"})
class AccessLogIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @Autowired
    WebTestClient client;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        modern.stubFor(any(urlPathMatching("/shaky/.*")).willReturn(aResponse().withStatus(503)));
        TestBackends.useRoutes(registry, """
                routes:
                  - id: survey
                    paths: ["/survey/{id}", /api/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                  - id: shaky
                    paths: [/shaky/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                """.formatted(legacy.port(), modern.port()));
    }

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void applicationLogGoesToTheConsoleOnly() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        java.util.List<String> appenders = new java.util.ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appender -> appenders.add(appender.getClass().getSimpleName()));
        // Spring Boot's console appender (no file: no logback-spring.xml, Boot configures Logback in code) and the
        // logback.events counter (LogEventsMetrics)
        assertThat(appenders).containsExactlyInAnyOrder("ConsoleAppender", "CountingAppender");
    }

    @Test
    void accessLogGoesToItsBatchingAppenderOnly() {
        java.util.List<String> appenders = new java.util.ArrayList<>();
        logger.iteratorForAppenders().forEachRemaining(appender -> appenders.add(appender.getClass().getSimpleName()));
        assertThat(appenders).contains("BatchingLineAppender").doesNotContain("ConsoleAppender");
        assertThat(logger.isAdditive()).as("not also on the root logger's console").isFalse();
        assertThat(logger.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void logsAServedRequestWithItsPathTemplateAndForwardedClient() throws Exception {
        client.get().uri("/survey/raw-id-xyz?user=alice").header("X-Forwarded-For", "198.51.100.7 \"quoted\\\"")
                .exchange().expectStatus().isOk();

        JsonNode line = oneLine();
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("route").asText()).isEqualTo("survey");
        assertThat(line.get("path").asText()).isEqualTo("/survey/{id}");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("decided").asText()).isEqualTo("modern");
        assertThat(line.get("served").asText()).isEqualTo("modern");
        assertThat(line.get("fallback").isNull()).isTrue();
        assertThat(line.get("latencyMs").asDouble()).isPositive()
                .isGreaterThanOrEqualTo(line.get("upstreamMs").asDouble());
        assertThat(line.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(line.get("clientIp").asText()).isEqualTo("198.51.100.7 \"quoted\\\"");
        assertThat(line.get("time").asText()).endsWith("Z");
        assertThat(lines.list.get(0).getFormattedMessage()) // letters a trace id or a time cannot hold
                .doesNotContain("raw-id-xyz", "alice");
    }

    @Test
    void logsAFallbackWithItsReason() throws Exception {
        client.get().uri("/shaky/1").exchange().expectStatus().isOk();

        JsonNode line = oneLine();
        assertThat(line.get("route").asText()).isEqualTo("shaky");
        assertThat(line.get("path").asText()).isEqualTo("/shaky/**");
        assertThat(line.get("decided").asText()).isEqualTo("modern");
        assertThat(line.get("served").asText()).isEqualTo("legacy");
        assertThat(line.get("fallback").asText()).isEqualTo("status");
        assertThat(line.get("upstreamMs").isNumber()).isTrue();
        assertThat(line.get("clientIp").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void logsARejectedRequestWithoutRouteOrSide() throws Exception {
        client.get().uri("/nowhere/secret").exchange().expectStatus().isNotFound();

        JsonNode line = oneLine();
        assertThat(line.get("status").asInt()).isEqualTo(404);
        assertThat(line.get("route").isNull()).isTrue();
        assertThat(line.get("path").isNull()).isTrue();
        assertThat(line.get("decided").isNull()).isTrue();
        assertThat(line.get("served").isNull()).isTrue();
        assertThat(line.get("upstreamMs").isNull()).isTrue();
    }

    private JsonNode oneLine() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> !lines.list.isEmpty());
        assertThat(lines.list).hasSize(1);
        String message = lines.list.get(0).getFormattedMessage();
        assertThat(message).doesNotContain("\n");
        return new ObjectMapper().readTree(message);
    }
}
