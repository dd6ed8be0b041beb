package dev.ficus.gateway.resilience;

import dev.ficus.gateway.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A failing side never reaches the user: WireMock faults and delays on the new side, a dead monolith. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0",
                "spring.cloud.gateway.server.webflux.httpclient.pool.metrics=true"})
class ResilienceIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();
    static final int closedPort = dev.ficus.gateway.ClosedPort.port();


    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    WebTestClient client;

    @Autowired
    MutableClock clock;

    @Autowired
    RouteBreakers breakers;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String yaml = """
                defaults:
                  resilience: {sliding-window: 20, minimum-calls: 10, failure-rate-threshold: 50, wait-in-open: 30s,
                               half-open-calls: 2}
                routes:
                  - id: flaky
                    paths: [/flaky/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: {uri: "http://127.0.0.1:%2$d", timeouts: {response: 400ms}}
                    weight: 50
                  - id: recovering
                    paths: [/recovering/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                  - id: orders
                    paths: [/orders/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                  - id: payments
                    paths: [/payments/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%3$d
                    weight: 100
                  - id: reports
                    paths: [/reports/**]
                    legacy: {uri: "http://127.0.0.1:%1$d", timeouts: {response: 3s}}
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                  - id: opted-in
                    paths: [/opted-in/**]
                    legacy: http://127.0.0.1:%3$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                    resilience: {fallback-to-modern: true}
                  - id: probing
                    paths: [/probing/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                    resilience: {half-open-calls: 1}
                  - id: monolith-down
                    paths: [/down/**]
                    legacy: http://127.0.0.1:%3$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                    resilience: {minimum-calls: 5}
                """.formatted(legacy.port(), modern.port(), closedPort);
        registry.add("ficus.routes-file", () -> TestBackends.routesFile(yaml).toString());
    }

    @AfterAll
    static void stopBackends() {
        legacy.stop();
        modern.stop();
    }

    @BeforeEach
    void resetBackends() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
    }

    @Test
    void usersSeeNoErrorsWhileNewSideFailsInEveryWayAndBreakerOpensWithinItsWindow() {
        modern.stubFor(get(urlPathMatching("/flaky/500.*")).willReturn(aResponse().withStatus(500)));
        modern.stubFor(get(urlPathMatching("/flaky/reset.*")).willReturn(aResponse()
                .withFault(Fault.CONNECTION_RESET_BY_PEER)));
        modern.stubFor(get(urlPathMatching("/flaky/empty.*")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        modern.stubFor(get(urlPathMatching("/flaky/slow.*")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1_500)));
        List<String> kinds = List.of("500", "reset", "empty", "slow");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger fallbacks = new AtomicInteger();
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        long start = System.nanoTime();
        AtomicLong openedAfterNanos = new AtomicLong(-1);
        breakers.all().get("flaky").modern().getEventPublisher().onStateTransition(event -> openedAfterNanos
                .compareAndSet(-1, System.nanoTime() - start));

        Flux.range(0, 1_000)
                .flatMap(i -> web.get().uri("/flaky/{kind}/{i}", kinds.get(i % 4), i).retrieve().toBodilessEntity()
                        .onErrorResume(org.springframework.web.reactive.function.client.WebClientResponseException.class,
                                e -> reactor.core.publisher.Mono.just(ResponseEntity.status(e.getStatusCode()).build()))
                        .doOnNext(response -> {
                            statuses.computeIfAbsent(response.getStatusCode().value(), s -> new AtomicInteger())
                                    .incrementAndGet();
                            if ("true".equals(response.getHeaders().getFirst("X-Ficus-Fallback"))) {
                                fallbacks.incrementAndGet();
                            }
                        }), 8)
                .blockLast(Duration.ofSeconds(60));

        int modernCalls = modern.getAllServeEvents().size();
        System.out.printf("1000 GETs at weight 50 with failing modern: statuses %s, fallbacks %d, calls reaching "
                + "modern %d, breaker opened after %d ms%n", statuses, fallbacks.get(), modernCalls,
                openedAfterNanos.get() / 1_000_000);
        assertThat(statuses).containsOnlyKeys(200);
        assertThat(breakers.all().get("flaky").modern().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(modernCalls).as("calls that reached modern before the breaker opened")
                .isBetween(10, 20);
        assertThat(legacy.getAllServeEvents()).hasSize(1_000);
        assertConnectionPoolsDrained();
        assertThat(meters.get("ficus.fallbacks").tags("route", "flaky", "reason", "breaker-open").counter().count())
                .isGreaterThan(400);

        JsonNode health = WebClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/health")
                .retrieve().bodyToMono(JsonNode.class).block(Duration.ofSeconds(5));
        assertThat(health.at("/components/breakers/details/flaky.modern/state").asText()).isEqualTo("OPEN");
        assertThat(health.at("/components/breakers/details/flaky.legacy/state").asText()).isEqualTo("CLOSED");
    }

    @Test
    void openBreakerKeepsNewSideIdleUntilWaitElapsesThenHalfOpenProbesCloseIt() {
        modern.stubFor(get(urlPathMatching("/recovering/.*")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 10; i++) {
            client.get().uri("/recovering/{i}", i).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Ficus-Target", "legacy")
                    .expectHeader().valueEquals("X-Ficus-Fallback", "true");
        }
        CircuitBreaker breaker = breakers.all().get("recovering").modern();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int callsWhenOpened = modern.getAllServeEvents().size();

        clock.advance(Duration.ofSeconds(29));
        for (int i = 0; i < 20; i++) {
            client.get().uri("/recovering/{i}", i).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Ficus-Target", "legacy");
        }
        assertThat(modern.getAllServeEvents()).as("no traffic to modern while open").hasSize(callsWhenOpened);

        modern.resetAll();
        modern.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Backend", "modern")));
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 2; i++) {
            client.get().uri("/recovering/probe{i}", i).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Ficus-Target", "modern")
                    .expectHeader().doesNotExist("X-Ficus-Fallback");
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        client.get().uri("/recovering/after").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "modern");
    }

    @Test
    void postThatReachedFailingNewSideIsNotReplayedAndAnswers502Problem() {
        modern.stubFor(post("/orders/42").willReturn(aResponse().withStatus(500)));

        JsonNode problem = client.post().uri("/orders/42").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"item\":\"helmet\",\"qty\":2}")
                .exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("type").asText()).isEqualTo("urn:ficus:problem:upstream-failed");
        assertThat(problem.get("side").asText()).isEqualTo("modern");
        assertThat(problem.get("detail").asText()).contains("answered 500").contains("not replayed");
        assertThat(modern.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
        assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).as("never a silent double write").isEmpty();
    }

    @Test
    void postToNewSideThatRefusesConnectionsIsReplayedToLegacyExactlyOnce() {
        client.post().uri("/payments/7").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"amount\":1200}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "legacy")
                .expectHeader().valueEquals("X-Ficus-Fallback", "true");

        assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString()).isEqualTo("{\"amount\":1200}"));
    }

    @Test
    void getWithBodyIsReplayedToLegacyWithTheSameBody() {
        modern.stubFor(any(urlPathMatching("/orders/search")).willReturn(aResponse().withStatus(502)));

        client.method(org.springframework.http.HttpMethod.GET).uri("/orders/search")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"q\":\"helmet\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Fallback", "true");

        assertThat(legacy.findAll(anyRequestedFor(anyUrl()))).singleElement()
                .satisfies(request -> assertThat(request.getBodyAsString()).isEqualTo("{\"q\":\"helmet\"}"));
    }

    @Test
    void routeThatOptsInFallsBackFromDeadMonolithToNewSide() {
        client.get().uri("/opted-in/profile").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "modern")
                .expectHeader().valueEquals("X-Ficus-Fallback", "true")
                .expectHeader().valueEquals("X-Backend", "modern");

        assertThat(meters.get("ficus.fallbacks").tags("route", "opted-in", "from", "legacy", "reason", "connect")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aClientThatGoesAwayDuringTheOnlyHalfOpenProbeGivesThePermissionBack() {
        modern.stubFor(get("/probing/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        CircuitBreaker breaker = breakers.all().get("probing").modern();
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();

        // the one permitted probe: the client gives up after 300 ms, the gateway cancels the call
        WebClient.create("http://127.0.0.1:" + port).get().uri("/probing/slow").retrieve().toBodilessEntity()
                .timeout(Duration.ofMillis(300)).onErrorResume(java.util.concurrent.TimeoutException.class,
                        timeout -> Mono.empty())
                .block(Duration.ofSeconds(5));

        // Had the cancelled call kept its permission, every later call would be refused (breaker-open fallback to
        // legacy) until the half-open state timed out, which it never does by default.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> client.get().uri("/probing/fast").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "modern")
                .expectHeader().doesNotExist("X-Ficus-Fallback"));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void slowUpstreamWithinRouteTimeoutSucceeds() {
        legacy.stubFor(get("/reports/yearly").willReturn(aResponse().withStatus(200).withBody("done")
                .withFixedDelay(1_500)));

        client.mutate().responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/reports/yearly").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).isEqualTo("done");
    }

    @Test
    void deadMonolithFailsFastWith503AndRetryAfterOnceItsBreakerOpens() {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        AtomicInteger answered = new AtomicInteger();
        try {
            Flux.range(0, 2_000)
                    .flatMap(i -> web.get().uri("/down/{i}", i).exchangeToMono(response -> {
                        statuses.computeIfAbsent(response.statusCode().value(), s -> new AtomicInteger())
                                .incrementAndGet();
                        answered.incrementAndGet();
                        return response.releaseBody();
                    }), 16)
                    .blockLast(Duration.ofSeconds(60));
        }
        catch (IllegalStateException timeout) {
            // Seen once in 2026-12 (1 run of 5): the requests stopped early and the read timed out. Leave the
            // threads' state in the report so the next occurrence can be diagnosed.
            System.out.printf("2000 GETs to a dead monolith timed out after %d answers, statuses %s; threads:%n%s",
                    answered.get(), statuses, dev.ficus.gateway.StuckTestThreadDump.threadDump());
            throw timeout;
        }

        System.out.printf("2000 GETs to a dead monolith: statuses %s%n", statuses);
        assertConnectionPoolsDrained();
        assertThat(statuses.keySet()).isSubsetOf(502, 503);
        assertThat(statuses.get(503).get()).isGreaterThanOrEqualTo(1_980);

        client.get().uri("/down/again").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "30")
                .expectHeader().valueEquals("X-Ficus-Target", "legacy")
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:circuit-open")
                .jsonPath("$.side").isEqualTo("legacy");
    }

    /** Reactor Netty's pool gauges: no connection is left checked out after the failures. */
    private void assertConnectionPoolsDrained() {
        var activeGauges = meters.find("reactor.netty.connection.provider.active.connections").gauges();
        assertThat(activeGauges).as("pool metrics are published").isNotEmpty();
        double active = activeGauges.stream().mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
        double pending = meters.find("reactor.netty.connection.provider.pending.connections").gauges().stream()
                .mapToDouble(io.micrometer.core.instrument.Gauge::value).sum();
        assertThat(active).as("connections still checked out of the pool").isZero();
        assertThat(pending).as("requests waiting for a pooled connection").isZero();
    }
}
