package dev.ficus.gateway.rollout;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.rules.rollout.RolloutSnapshot;
import dev.ficus.rules.rollout.RolloutState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progressive rollouts on real traffic: WireMock legacy and modern backends, a client loop sending GETs all along,
 * the gateway's own traffic windows as the measurement source, and a plan with one-second analysis intervals from
 * the routes file. A healthy new side is promoted 0 → 25 → 50 → 100; one that starts failing or turns slow at 50 %
 * is rolled back to 0; clients never see a failed GET (the fallback to legacy covers the failing side).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ficus.rollout.tick=100ms", "management.server.port=0",
        "ficus.admin.tokens[0].name=olivia", "ficus.admin.tokens[0].token=" + RolloutEndToEndIntegrationTests.OPERATOR,
        "ficus.admin.tokens[0].role=operator"})
class RolloutEndToEndIntegrationTests {

    static final String OPERATOR = "operator-token-rollout-e2e";
    static final Duration INTERVAL = Duration.ofSeconds(1);

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    RolloutRuntime rollouts;

    @Autowired
    RoutingTableHolder tables;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final ScheduledExecutorService clients = Executors.newSingleThreadScheduledExecutor();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong sent = new AtomicLong();
    final ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final List<Integer> weightsSeen = new ArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        StringBuilder yaml = new StringBuilder("routes:\n");
        // The healthy and failing routes judge p99 against 1 s, so a cold JIT or a busy CI machine cannot fail them
        // on latency; the slow route's bound is 500 ms (a healthy side's p99 reached 264 ms under the full suite on 2
        // busy cores) against a 1000 ms delay.
        for (String id : List.of("healthy", "errors", "slow")) {
            yaml.append("""
                      - id: %1$s
                        paths: [/%1$s/**]
                        legacy: %2$s
                        modern: %3$s
                        weight: 0
                        rollout:
                          steps: [25, 50, 100]
                          hold: 2s
                          interval: 1s
                          min-requests: 10
                          max-error-rate: 5
                          max-p99: %4$s
                          failed-intervals: 2
                    """.formatted(id, legacy.baseUrl(), modern.baseUrl(), id.equals("slow") ? "500ms" : "1s"));
        }
        registry.add("ficus.routes-file", () -> TestBackends.routesFile(yaml.toString()).toString());
        registry.add("ficus.state.dir", RolloutSchedulerIntegrationTests::tempDir);
    }

    @BeforeEach
    void backends() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdown();
        clients.awaitTermination(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    @Test
    void aHealthyNewSideIsPromotedStepByStepFromAStartWithABody() {
        sendGetsTo("/healthy/items");

        admin().post().uri("/admin/routes/healthy/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"hold\": \"2s\", \"maxP99\": \"1500ms\"}")
                .exchange().expectStatus().isCreated();
        assertThat(rollouts.rollout("healthy").orElseThrow().plan().maxP99()).isEqualTo(Duration.ofMillis(1500));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            recordWeight("healthy");
            return snapshot("healthy").state() != RolloutState.PROGRESSING;
        });
        assertThat(snapshot("healthy").state()).as("%s", snapshot("healthy")).isEqualTo(RolloutState.PROMOTED);

        assertThat(weight("healthy")).isEqualTo(100);
        assertThat(weightsSeen).doesNotContain(0).endsWith(100);
        List<dev.ficus.rules.rollout.StepRecord> history = snapshot("healthy").history();
        assertThat(history).extracting(dev.ficus.rules.rollout.StepRecord::weight).containsExactly(25, 50, 100);
        for (dev.ficus.rules.rollout.StepRecord step : history.subList(0, 2)) { // each step held at least 2 s
            assertThat(Duration.between(step.startedAt(), step.endedAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertNoFailedGets();
        String view = new String(admin().get().uri("/admin/routes/healthy/rollout")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR).exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("GET /admin/routes/healthy/rollout after promotion: " + view);
        assertThat(view).contains("\"state\":\"promoted\"", "\"gate\":\"error-rate\"", "\"gate\":\"p99\"");
    }

    @Test
    void aNewSideThatStartsFailingAtFiftyPercentIsRolledBackWithinTwoIntervals() {
        Duration toRollback = timeToRollbackAfterFiftyPercent("errors",
                aResponse().withStatus(500).withBody("broken"));

        System.out.println("time-to-rollback (500s): " + toRollback.toMillis() + " ms (analysis interval "
                + INTERVAL.toMillis() + " ms, 2 failed intervals, tick 100 ms)");
        assertThat(snapshot("errors").rollbackReason()).startsWith("error-rate");
        assertThat(toRollback).isLessThan(INTERVAL.multipliedBy(2).plusMillis(1000));
        assertNoFailedGets();
    }

    @Test
    void aNewSideThatTurnsSlowIsRolledBackOnP99() {
        Duration toRollback = timeToRollbackAfterFiftyPercent("slow",
                aResponse().withStatus(200).withBody("modern").withFixedDelay(1000));

        System.out.println("time-to-rollback (p99 1000 ms > 500 ms): " + toRollback.toMillis() + " ms");
        assertThat(snapshot("slow").rollbackReason()).startsWith("p99");
        assertNoFailedGets();
    }

    /**
     * Sends GETs to the route, starts its file plan, waits for 50 %, then makes every modern answer {@code fault};
     * returns how long the rollout took to put the route back to 0.
     */
    private Duration timeToRollbackAfterFiftyPercent(String route, ResponseDefinitionBuilder fault) {
        sendGetsTo("/" + route + "/items");
        rollouts.start(route, planOf(route), "test");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> weight(route) == 50 || snapshot(route).state() != RolloutState.PROGRESSING);
        assertThat(weight(route)).as("%s", snapshot(route)).isEqualTo(50);

        // One stub above the healthy one, added atomically: a reset first would leave a moment in which modern has
        // no stub and WireMock answers 404 (which is not a failure status, so a client would see it).
        modern.stubFor(any(anyUrl()).atPriority(1).willReturn(fault));
        Instant injected = Instant.now();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> weight(route) == 0);
        Duration toRollback = Duration.between(injected, Instant.now());
        assertThat(snapshot(route).state()).isEqualTo(RolloutState.ROLLED_BACK);
        return toRollback;
    }

    /**
     * Open-model client: a GET every 5 ms (200/s) whatever the latency, at most 64 in flight (a tick is skipped
     * when all are busy), so a slow side still gets enough requests per interval.
     */
    private void sendGetsTo(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        clients.scheduleAtFixedRate(() -> {
            if (inFlight.incrementAndGet() > 64) {
                inFlight.decrementAndGet();
                return;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                int status = error == null ? response.statusCode() : -1;
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                sent.incrementAndGet();
                inFlight.decrementAndGet();
            });
        }, 0, 5, TimeUnit.MILLISECONDS);
    }

    private void assertNoFailedGets() {
        assertThat(sent.get()).isGreaterThan(100);
        assertThat(statuses.keySet()).as("statuses seen by clients: %s", statuses).containsOnly(200);
    }

    private dev.ficus.rules.rollout.RolloutPlan planOf(String route) {
        return tables.current().route(route).definition().rolloutPlan().orElseThrow();
    }

    private void recordWeight(String route) {
        int weight = weight(route);
        if (weightsSeen.isEmpty() || weightsSeen.get(weightsSeen.size() - 1) != weight) {
            weightsSeen.add(weight);
        }
    }

    private RolloutSnapshot snapshot(String route) {
        return rollouts.rollout(route).orElseThrow().snapshot();
    }

    private int weight(String route) {
        return tables.current().route(route).rule().weight();
    }

    private WebTestClient admin() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }
}
