package dev.ficus.gateway.observability;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.gateway.ClosedPort;
import dev.ficus.gateway.TestBackends;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * W3C trace context is continued from the client (or started at the gateway) and sent to the chosen upstream; the
 * server span carries Ficus's decision. Spans go to an in-memory exporter; OTLP export is off.
 */
@AutoConfigureObservability(metrics = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "management.tracing.sampling.probability=1.0",
        "management.otlp.tracing.export.enabled=false",
        // spans reach the in-memory exporter in batches: every 5 s by default, which each test waited for
        "management.tracing.opentelemetry.export.schedule-delay=50ms"})
class TracingIntegrationTests {

    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static final String CLIENT_SPAN_ID = "b7ad6b7169203331";

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @TestConfiguration
    static class Exporter {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    WebTestClient client;

    @Autowired
    InMemorySpanExporter spans;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String yaml = """
                defaults:
                  resilience: {sliding-window: 100, minimum-calls: 100, retry-connect-failures: false}
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 50
                    stickiness: header:X-User-Id
                  - id: moved
                    paths: [/moved/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%3$d
                    weight: 100
                """.formatted(legacy.port(), modern.port(), ClosedPort.port());
        registry.add("ficus.routes-file", () -> TestBackends.routesFile(yaml).toString());
    }

    @BeforeEach
    void reset() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        spans.reset();
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void continuesTheClientsTraceToTheUpstreamWithTheGatewaysSpanAsParent() {
        client.get().uri("/survey/1").header("X-User-Id", "alice")
                .header("traceparent", "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01")
                .exchange().expectStatus().isOk();

        String upstream = upstreamTraceparent();
        assertThat(upstream).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(traceId(upstream)).isEqualTo(TRACE_ID);
        assertThat(spanId(upstream)).isNotEqualTo(CLIENT_SPAN_ID).isNotEqualTo("0000000000000000");

        SpanData server = awaitServerSpan();
        assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN_ID);
        // The upstream's parent is the gateway's server span: no client span per upstream call (Spring Cloud
        // Gateway's client observation is off; TraceContextHeadersFilter propagates the server span).
        assertThat(spanId(upstream)).isEqualTo(server.getSpanId());
        assertThat(spans.getFinishedSpanItems()).filteredOn(span -> span.getTraceId().equals(TRACE_ID))
                .extracting(SpanData::getSpanId).containsExactly(server.getSpanId());
        // the tags Spring's server observation gave the span, with the route's pattern instead of "UNKNOWN"
        assertThat(server.getName()).isEqualTo("http get");
        assertThat(attribute(server, "method")).isEqualTo("GET");
        assertThat(attribute(server, "status")).isEqualTo("200");
        assertThat(attribute(server, "outcome")).isEqualTo("SUCCESS");
        assertThat(attribute(server, "exception")).isEqualTo("none");
        assertThat(attribute(server, "uri")).isEqualTo("/survey/**");
        assertThat(attribute(server, "http.url")).isEqualTo("/survey/1");
    }

    @Test
    void startsATraceAtTheGatewayWhenTheClientSentNone() {
        client.get().uri("/survey/1").header("X-User-Id", "alice").exchange().expectStatus().isOk();

        String upstream = upstreamTraceparent();
        assertThat(upstream).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(traceId(upstream)).isNotEqualTo(TRACE_ID).isNotEqualTo("0".repeat(32));
        SpanData server = awaitServerSpan();
        assertThat(server.getTraceId()).isEqualTo(traceId(upstream));
        assertThat(server.getParentSpanContext().isValid()).isFalse();
    }

    @Test
    void eachRequestGetsItsOwnTrace() {
        client.get().uri("/survey/1").exchange().expectStatus().isOk();
        client.get().uri("/survey/2").exchange().expectStatus().isOk();

        List<String> traceIds = upstreamRequests().stream()
                .map(request -> traceId(request.getHeader("traceparent"))).toList();
        assertThat(traceIds).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void serverSpanCarriesTheDecisionOfAStickyRequest() {
        client.get().uri("/survey/1").header("X-User-Id", "alice").exchange().expectStatus().isOk();

        SpanData server = awaitServerSpan();
        String served = (legacy.getAllServeEvents().isEmpty() ? "modern" : "legacy");
        assertThat(attribute(server, "ficus.route")).isEqualTo("survey");
        assertThat(attribute(server, "ficus.side.decided")).isEqualTo(served);
        assertThat(attribute(server, "ficus.side.served")).isEqualTo(served);
        assertThat(attribute(server, "ficus.fallback")).isEqualTo("false");
        assertThat(attribute(server, "ficus.sticky_key")).isEqualTo("present");
        assertThat(server.getAttributes().asMap().values()).noneMatch(value -> value.toString().contains("alice"));
    }

    @Test
    void serverSpanSaysTheStickyKeyWasAbsentWhenARandomDrawDecided() {
        client.get().uri("/survey/1").exchange().expectStatus().isOk();

        assertThat(attribute(awaitServerSpan(), "ficus.sticky_key")).isEqualTo("absent");
    }

    @Test
    void serverSpanOfAFallbackNamesBothSides() {
        client.get().uri("/moved/1").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Fallback", "true");

        SpanData server = awaitServerSpan();
        assertThat(attribute(server, "ficus.route")).isEqualTo("moved");
        assertThat(attribute(server, "ficus.side.decided")).isEqualTo("modern");
        assertThat(attribute(server, "ficus.side.served")).isEqualTo("legacy");
        assertThat(attribute(server, "ficus.fallback")).isEqualTo("true");
        assertThat(attribute(server, "ficus.sticky_key")).isEqualTo("absent");
    }

    @Test
    void aRequestNoRouteMatchesHasNoFicusAttributes() {
        client.get().uri("/nope").exchange().expectStatus().isNotFound();

        SpanData server = awaitServerSpan();
        assertThat(server.getAttributes().asMap().keySet()).noneMatch(key -> key.getKey().startsWith("ficus."));
        assertThat(attribute(server, "status")).isEqualTo("404");
        assertThat(attribute(server, "uri")).isEqualTo("NOT_FOUND");
        assertThat(attribute(server, "outcome")).isEqualTo("CLIENT_ERROR");
    }

    @Test
    void managementPortRequestsKeepSpringsServerObservationAndItsSpan() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build()
                .get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();

        SpanData server = awaitServerSpan();
        assertThat(server.getName()).startsWith("http get /actuator/health");
        assertThat(attribute(server, "uri")).startsWith("/actuator/health");
        assertThat(upstreamRequests()).isEmpty();
    }

    private SpanData awaitServerSpan() {
        return await().until(() -> spans.getFinishedSpanItems().stream()
                .filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElse(null), span -> span != null);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static List<LoggedRequest> upstreamRequests() {
        List<LoggedRequest> requests = new java.util.ArrayList<>(legacy.findAll(anyRequestedFor(anyUrl())));
        requests.addAll(modern.findAll(anyRequestedFor(anyUrl())));
        return requests;
    }

    private static String upstreamTraceparent() {
        assertThat(upstreamRequests()).hasSize(1);
        return upstreamRequests().get(0).getHeader("traceparent");
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }
}
