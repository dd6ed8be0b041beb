package dev.ficus.gateway.observability;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.ClosedPort;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.resilience.FailureReason;
import dev.ficus.rules.Side;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every proxied request and every upstream call reach the observers once, with what metrics and logs need. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.server.port=0")
class TrafficObserversIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();
    static final int closedPort = ClosedPort.port();

    @TestConfiguration
    static class Recording {
        @Bean
        RecordingObserver recordingObserver() {
            return new RecordingObserver();
        }
    }

    static final class RecordingObserver implements TrafficObserver {
        final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
        final List<CompletedRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public void onUpstreamCall(UpstreamCall call) {
            calls.add(call);
        }

        @Override
        public void onRequest(CompletedRequest request) {
            requests.add(request);
        }
    }

    @Autowired
    WebTestClient client;

    @Autowired
    RecordingObserver observer;

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
                    weight: 100
                  - id: gone
                    paths: [/gone/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%3$d
                    weight: 100
                  - id: broken
                    paths: [/broken/**]
                    legacy: http://127.0.0.1:%3$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                """.formatted(legacy.port(), modern.port(), closedPort);
        registry.add("ficus.routes-file", () -> TestBackends.routesFile(yaml).toString());
    }

    @BeforeEach
    void reset() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        observer.calls.clear();
        observer.requests.clear();
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void aServedRequestIsOneSuccessfulCallAndOneSuccessfulRequest() {
        modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201).withFixedDelay(50)));

        client.post().uri("/survey/answers").exchange().expectStatus().isCreated();

        CompletedRequest request = awaitOneRequest();
        assertThat(request.routeId()).isEqualTo("survey");
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.decided()).isEqualTo(Side.MODERN);
        assertThat(request.served()).isEqualTo(Side.MODERN);
        assertThat(request.status()).isEqualTo(201);
        assertThat(request.outcome()).isEqualTo(Outcome.SUCCESS);
        assertThat(request.fallbackReason()).isNull();
        assertThat(Duration.ofNanos(request.upstreamNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(request.durationNanos()).isGreaterThanOrEqualTo(request.upstreamNanos());
        assertThat(observer.calls).singleElement().satisfies(call -> {
            assertThat(call.routeId()).isEqualTo("survey");
            assertThat(call.side()).isEqualTo(Side.MODERN);
            assertThat(call.succeeded()).isTrue();
            assertThat(call.status()).isEqualTo(201);
            assertThat(call.latencyNanos()).isEqualTo(request.upstreamNanos());
        });
    }

    @Test
    void aFallbackIsAFailedModernCallAndASuccessfulLegacyCall() {
        modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));

        client.get().uri("/survey/1").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "legacy");

        CompletedRequest request = awaitOneRequest();
        assertThat(request.decided()).isEqualTo(Side.MODERN);
        assertThat(request.served()).isEqualTo(Side.LEGACY);
        assertThat(request.outcome()).isEqualTo(Outcome.FALLBACK);
        assertThat(request.fallbackReason()).isEqualTo("status");
        assertThat(observer.calls).extracting(UpstreamCall::side, UpstreamCall::failure, UpstreamCall::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Side.MODERN, FailureReason.STATUS, 503),
                        org.assertj.core.groups.Tuple.tuple(Side.LEGACY, null, 200));
    }

    @Test
    void aRefusedConnectionIsAConnectFailure() {
        client.get().uri("/gone/1").exchange().expectStatus().isOk();

        awaitOneRequest();
        assertThat(observer.calls).extracting(UpstreamCall::side, UpstreamCall::failure)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Side.MODERN, FailureReason.CONNECT),
                        org.assertj.core.groups.Tuple.tuple(Side.LEGACY, null));
    }

    @Test
    void aDeadMonolithIsAnError() {
        client.get().uri("/broken/1").exchange().expectStatus().isEqualTo(502);

        CompletedRequest request = awaitOneRequest();
        assertThat(request.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(request.status()).isEqualTo(502);
        assertThat(request.served()).isEqualTo(Side.LEGACY);
        assertThat(request.upstreamNanos()).isEqualTo(-1);
    }

    @Test
    void noRouteIsRejectedWithoutACall() {
        client.get().uri("/nowhere").exchange().expectStatus().isNotFound();

        CompletedRequest request = awaitOneRequest();
        assertThat(request.routeId()).isNull();
        assertThat(request.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(request.status()).isEqualTo(404);
        assertThat(observer.calls).isEmpty();
    }

    @Test
    void managementRequestsAreNotTraffic() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(20)).build()
                .get().uri("/actuator/health").exchange().expectStatus().isOk();
        client.get().uri("/survey/1").exchange().expectStatus().isOk();

        assertThat(awaitOneRequest().routeId()).isEqualTo("survey");
    }

    private CompletedRequest awaitOneRequest() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !observer.requests.isEmpty());
        assertThat(observer.requests).hasSize(1);
        return observer.requests.get(0);
    }
}
