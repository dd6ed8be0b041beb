package dev.ficus.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.demo.DemoBackends;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway end to end: WireMock servers are the legacy monolith and the new service, the demo stubs serve
 * WebSockets, and requests go through the real proxy port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "ficus.overrides.token=tester-secret"})
class RoutingIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();
    static final DemoBackends webSockets = DemoBackends.start(0, 0, new ObjectMapper());
    static final int closedPort = dev.ficus.gateway.ClosedPort.port();


    @LocalServerPort
    int port;

    @Autowired
    WebTestClient client;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("ficus.routes-file", () -> writeRoutesFile().toString());
    }

    static Path writeRoutesFile() {
        String yaml = """
                defaults:
                  stickiness: header:X-User-Id
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 25
                  - id: static
                    paths: [/static/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                  - id: auth
                    paths: [/auth/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                    overrides: true
                  - id: api-v2
                    paths: [/api/v2/**]
                    methods: [GET]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d/prod
                    weight: 100
                    strip-prefix: 2
                  - id: slow
                    paths: [/slow/**]
                    legacy: http://127.0.0.1:%1$d
                    modern:
                      uri: http://127.0.0.1:%2$d
                      timeouts: {response: 300ms}
                    weight: 100
                  - id: broken
                    paths: [/broken/**]
                    legacy: http://127.0.0.1:%3$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                  - id: realtime
                    paths: [/ws/**]
                    legacy: http://127.0.0.1:%4$d
                    modern: http://127.0.0.1:%5$d
                    weight: 50
                """.formatted(legacy.port(), modern.port(), closedPort, webSockets.legacyPort(),
                webSockets.modernPort());
        return TestBackends.routesFile(yaml);
    }

    @AfterAll
    static void stopBackends() {
        legacy.stop();
        modern.stop();
        webSockets.close();
    }

    @BeforeEach
    void resetBackends() {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
    }

    @Test
    void routesEachPathToItsRouteAndSide() {
        expectServedBy("/static/app.js", "static", "modern");
        expectServedBy("/auth/login", "auth", "legacy");
        expectServedBy("/survey/1", "survey", null);
        assertThat(modern.countRequestsMatching(anyRequestedFor(urlPathEqualTo("/static/app.js")).build()).getCount())
                .isEqualTo(1);
        assertThat(legacy.countRequestsMatching(anyRequestedFor(urlPathEqualTo("/auth/login")).build()).getCount())
                .isEqualTo(1);
    }

    @Test
    void splitsQuarterOfUsersToModernAndKeepsEachUserOnOneSide() {
        int users = 4_000;
        Map<String, String> sideByUser = new ConcurrentHashMap<>();
        Map<String, Boolean> flipped = new ConcurrentHashMap<>();
        WebClient web = WebClient.create("http://127.0.0.1:" + port);
        Flux.range(0, users * 2)
                .flatMap(i -> {
                    String user = "user-" + (i % users);
                    return web.get().uri("/survey/{n}", i).header("X-User-Id", user)
                            .retrieve().toBodilessEntity()
                            .doOnNext(response -> record(user, response, sideByUser, flipped));
                }, 32)
                .blockLast(Duration.ofSeconds(60));

        long onModern = sideByUser.values().stream().filter("modern"::equals).count();
        double share = 100.0 * onModern / users;
        System.out.printf("split: %d of %d users on modern (%.2f %%), %d requests%n", onModern, users, share, users * 2);
        assertThat(flipped).as("users who saw both sides").isEmpty();
        assertThat(share).as("share of users on modern at weight 25").isBetween(22.0, 28.0);
        assertThat(modern.getAllServeEvents()).hasSize((int) onModern * 2);
        assertThat(legacy.getAllServeEvents()).hasSize((int) (users - onModern) * 2);
    }

    private static void record(String user, ResponseEntity<Void> response, Map<String, String> sideByUser,
            Map<String, Boolean> flipped) {
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        String target = response.getHeaders().getFirst("X-Ficus-Target");
        assertThat(response.getHeaders().getFirst("X-Backend")).isEqualTo(target);
        String previous = sideByUser.putIfAbsent(user, target);
        if (previous != null && !previous.equals(target)) {
            flipped.put(user, true);
        }
    }

    @Test
    void forwardsMethodPathQueryHeadersAndOneMebibyteBodyUnchanged() {
        byte[] body = new byte[1024 * 1024];
        new Random(42).nextBytes(body);

        client.post().uri(URI.create("http://localhost:" + port + "/auth/upload/report%20v1.pdf?year=2026&tag=a%26b&tag=c"))
                .header("X-Custom", "one")
                .header("X-Multi", "a", "b")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("TE", "trailers")
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Route", "auth")
                .expectHeader().valueEquals("X-Ficus-Target", "legacy");

        List<LoggedRequest> received = legacy.findAll(anyRequestedFor(anyUrl()));
        assertThat(received).hasSize(1);
        LoggedRequest request = received.get(0);
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo("/auth/upload/report%20v1.pdf?year=2026&tag=a%26b&tag=c");
        assertThat(request.getBody()).isEqualTo(body);
        assertThat(request.getHeader("X-Custom")).isEqualTo("one");
        assertThat(request.header("X-Multi").values()).containsExactly("a", "b");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(request.containsHeader("Proxy-Authorization")).as("hop-by-hop header dropped").isFalse();
        assertThat(request.containsHeader("TE")).as("hop-by-hop header dropped").isFalse();
        assertThat(request.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(request.getHeader("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(request.getHeader("X-Forwarded-Host")).isEqualTo("localhost:" + port);
        assertThat(request.getHeader("Forwarded")).contains("for=").contains("proto=http");
    }

    @Test
    void dropsClientSuppliedForwardedForWhenNoProxyIsTrusted() {
        client.get().uri("/auth/me").header("X-Forwarded-For", "6.6.6.6")
                .header("forwarded", "for=6.6.6.6;host=evil.example")
                .header("X-Forwarded-Prefix", "/evil").header("x-forwarded-host", "evil.example")
                .exchange().expectStatus().isOk();

        LoggedRequest request = legacy.findAll(anyRequestedFor(anyUrl())).get(0);
        assertThat(request.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(request.header("Forwarded").values()).singleElement().asString()
                .startsWith("for=127.0.0.1;").doesNotContain("evil");
        assertThat(request.containsHeader("X-Forwarded-Prefix")).isFalse();
        assertThat(request.getHeader("X-Forwarded-Host")).isEqualTo("localhost:" + port);
    }

    /**
     * The upstream request's headers are copied once by the forwarded-headers filter, not also by Spring Cloud
     * Gateway's two remove-forwarded filters (redundant with it) or its gRPC filters (HTTP/2 is off).
     */
    @Test
    void upstreamHeadersGoThroughNoRedundantCopies(@Autowired List<HttpHeadersFilter> headersFilters) {
        assertThat(headersFilters).extracting(Object::getClass).extracting(Class::getSimpleName)
                .contains("RemoveHopByHopHeadersFilter", "EdgeForwardedHeadersFilter", "TraceContextHeadersFilter")
                .doesNotContain("RemoveForwardedHeadersFilter", "RemoveXForwardedHeadersFilter",
                        "GRPCRequestHeadersFilter", "GRPCResponseHeadersFilter");
    }

    @Test
    void streamsLargeResponsesBackIntact() {
        byte[] large = new byte[4 * 1024 * 1024];
        new Random(7).nextBytes(large);
        modern.stubFor(get("/static/big.bin").willReturn(aResponse().withStatus(200).withBody(large)));

        byte[] received = client.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
                .build()
                .get().uri("/static/big.bin").exchange()
                .expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();

        assertThat(received).isEqualTo(large);
    }

    @Test
    void stripsPrefixAndPrependsUpstreamBasePath() {
        client.get().uri("/api/v2/surveys/7?lang=ko").exchange().expectStatus().isOk();

        List<LoggedRequest> received = modern.findAll(anyRequestedFor(anyUrl()));
        assertThat(received).extracting(LoggedRequest::getUrl).containsExactly("/prod/surveys/7?lang=ko");
    }

    @Test
    void methodOutsideRouteMethodsIsNotRouted() {
        client.post().uri("/api/v2/surveys").exchange().expectStatus().isNotFound();
    }

    @Test
    void testerWithTokenCanForceModernOnZeroWeightRoute() {
        client.get().uri("/auth/me").header("X-Ficus-Target", "modern").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "legacy");
        client.get().uri("/auth/me").header("X-Ficus-Target", "modern")
                .header("X-Ficus-Override-Token", "wrong").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "legacy");
        client.get().uri("/auth/me").header("X-Ficus-Target", "modern")
                .header("X-Ficus-Override-Token", "tester-secret").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "modern");
        client.get().uri("/auth/me").cookie("ficus-target", "modern")
                .header("X-Ficus-Override-Token", "tester-secret").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "modern");

        assertThat(modern.getAllServeEvents()).hasSize(2);
        assertThat(legacy.getAllServeEvents()).hasSize(2);
    }

    @Test
    void overrideIsIgnoredOnRoutesThatDoNotAllowIt() {
        client.get().uri("/survey/1").header("X-User-Id", "u").header("X-Ficus-Target", "legacy")
                .header("X-Ficus-Override-Token", "tester-secret").exchange().expectStatus().isOk();
        client.get().uri("/static/x").header("X-Ficus-Target", "legacy")
                .header("X-Ficus-Override-Token", "tester-secret").exchange()
                .expectHeader().valueEquals("X-Ficus-Target", "modern");
    }

    @Test
    void unknownPathAnswersProblemJson404() {
        JsonNode problem = client.get().uri("/nowhere/at/all?x=1").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("type").asText()).isEqualTo("urn:ficus:problem:no-route");
        assertThat(problem.get("title").asText()).isEqualTo("No route");
        assertThat(problem.get("status").asInt()).isEqualTo(404);
        assertThat(problem.get("detail").asText()).isEqualTo("No route matches GET /nowhere/at/all");
        assertThat(problem.get("instance").asText()).isEqualTo("/nowhere/at/all");
    }

    @Test
    void unreachableUpstreamAnswersProblemJson502NamingRouteAndSide() {
        JsonNode problem = client.get().uri("/broken/x").exchange()
                .expectStatus().isEqualTo(502)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Ficus-Route", "broken")
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(problem.get("type").asText()).isEqualTo("urn:ficus:problem:upstream-unavailable");
        assertThat(problem.get("route").asText()).isEqualTo("broken");
        assertThat(problem.get("side").asText()).isEqualTo("legacy");
    }

    @Test
    void sideResponseTimeoutAppliesPerSide() {
        modern.stubFor(any(urlPathEqualTo("/slow/report")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1_500)));
        CircuitBreaker breaker = breakers.circuitBreaker("slow.modern");
        long failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        double fallbacksBefore = timeoutFallbacks();

        client.get().uri("/slow/report").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "legacy")
                .expectHeader().valueEquals("X-Ficus-Fallback", "true");
        long start = System.nanoTime();
        JsonNode problem = client.post().uri("/slow/report").bodyValue("x").exchange()
                .expectStatus().isEqualTo(504)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(problem.get("type").asText()).isEqualTo("urn:ficus:problem:upstream-timeout");
        assertThat(problem.get("side").asText()).isEqualTo("modern");
        // cut at the route's 300 ms, not when the 1.5 s answer came
        assertThat(elapsedMillis).isLessThan(1_400);
        // both timeouts count as failed calls of the side's breaker; the GET's fallback is named for its reason
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore + 2);
        assertThat(timeoutFallbacks()).isEqualTo(fallbacksBefore + 1);
    }

    @Test
    void responseTimeoutEndsWithTheStatusLineNotWithTheBody() {
        // status line after 100 ms (WireMock waits one interval before each chunk), then the body in 12 chunks over
        // 1.2 s: four times the side's 300 ms response timeout
        String body = "x".repeat(12_000);
        modern.stubFor(get(urlPathEqualTo("/slow/export")).willReturn(aResponse().withStatus(200)
                .withBody(body).withChunkedDribbleDelay(12, 1_200)));
        CircuitBreaker breaker = breakers.circuitBreaker("slow.modern");
        long failedBefore = breaker.getMetrics().getNumberOfFailedCalls();
        double fallbacksBefore = timeoutFallbacks();

        long start = System.nanoTime();
        String received = client.get().uri("/slow/export").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Target", "modern")
                .expectHeader().doesNotExist("X-Ficus-Fallback")
                .expectBody(String.class).returnResult().getResponseBody();
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(received).isEqualTo(body);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(900); // the body really streamed past the timeout
        assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(failedBefore);
        assertThat(timeoutFallbacks()).isEqualTo(fallbacksBefore);
    }

    private double timeoutFallbacks() {
        Counter counter = meters.find("ficus.fallbacks")
                .tags("route", "slow", "from", "modern", "reason", "timeout").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void proxiesWebSocketEchoToTheChosenSide() {
        ReactorNettyWebSocketClient ws = new ReactorNettyWebSocketClient();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            HttpHeaders headers = new HttpHeaders();
            headers.add("X-User-Id", user);
            List<String> replies = new java.util.concurrent.CopyOnWriteArrayList<>();
            ws.execute(URI.create("ws://127.0.0.1:" + port + "/ws/mood"), headers, session -> session
                            .send(Flux.just("happy", "sleepy").map(session::textMessage))
                            .thenMany(session.receive().map(WebSocketMessage::getPayloadAsText).take(2)
                                    .doOnNext(replies::add))
                            .then())
                    .block(Duration.ofSeconds(10));

            assertThat(replies).hasSize(2);
            String side = replies.get(0).startsWith("modern") ? "modern" : "legacy";
            assertThat(replies).containsExactly(side + ": happy", side + ": sleepy");
        }
    }

    private void expectServedBy(String path, String route, String side) {
        WebTestClient.ResponseSpec response = client.get().uri(path).header("X-User-Id", "alice").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Route", route);
        if (side != null) {
            response.expectHeader().valueEquals("X-Ficus-Target", side)
                    .expectHeader().valueEquals("X-Backend", side);
        }
    }


}
