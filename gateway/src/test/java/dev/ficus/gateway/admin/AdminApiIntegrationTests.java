package dev.ficus.gateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.rollout.RolloutRuntime;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.FileAuditLog;
import dev.ficus.gateway.store.FileRuntimeStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API end to end: on the management port only, authenticated by role, guarded by ETags, persisted and
 * audited, while WireMock legacy and modern backends serve proxy traffic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "ficus.admin.tokens[0].name=olivia", "ficus.admin.tokens[0].token=" + AdminApiIntegrationTests.OPERATOR,
        "ficus.admin.tokens[0].role=operator",
        "ficus.admin.tokens[1].name=victor", "ficus.admin.tokens[1].token=" + AdminApiIntegrationTests.VIEWER,
        "ficus.admin.tokens[1].role=viewer"})
class AdminApiIntegrationTests {

    static final String OPERATOR = "operator-token-0123456789";
    static final String VIEWER = "viewer-token-0123456789";

    static final WireMockServer legacy = new WireMockServer(options().dynamicPort());
    static final WireMockServer modern = new WireMockServer(options().dynamicPort());
    static final Path stateDir = tempDir();

    static {
        legacy.start();
        modern.start();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    RoutingTableHolder tables;

    @Autowired
    RolloutRuntime rollouts;

    WebTestClient proxy;
    WebTestClient admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ficus.routes-file", () -> write(stateDir.resolveSibling(stateDir.getFileName() + "-routes.yaml"),
                """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 25
                    stickiness: header:X-User-Id
                  - id: auth
                    paths: [/auth/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                    overrides: true
                  - id: static
                    paths: [/static/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                """.formatted(legacy.port(), modern.port())).toString());
        registry.add("ficus.state.dir", stateDir::toString);
    }

    @AfterAll
    static void stopBackends() {
        legacy.stop();
        modern.stop();
    }

    @BeforeEach
    void setUp() {
        for (WireMockServer backend : List.of(legacy, modern)) {
            String side = backend == legacy ? "legacy" : "modern";
            backend.resetAll();
            backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("X-Backend", side)
                    .withBody(side)));
        }
        proxy = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        admin = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort)
                .responseTimeout(Duration.ofSeconds(20)).build();
        abortActiveRollouts();
        tables.update(table -> table.withWeights(Map.of("survey", 25, "auth", 0, "static", 100)));
    }

    private void abortActiveRollouts() {
        rollouts.rollouts().forEach((id, rollout) -> {
            if (!rollout.snapshot().state().isTerminal()) {
                rollouts.abort(id, "test");
            }
        });
    }

    @Test
    void rolloutLifecycleThroughTheAdminApi() {
        rolloutCall("", "Bearer " + OPERATOR).expectStatus().isCreated()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/admin/routes/auth/rollout")
                .expectBody()
                .jsonPath("$.state").isEqualTo("progressing")
                .jsonPath("$.step").isEqualTo(0)
                .jsonPath("$.weight").isEqualTo(25)
                .jsonPath("$.steps").isEqualTo(List.of(25, 50, 100))
                .jsonPath("$.nextDecisionAt").isNotEmpty()
                .jsonPath("$.plan.failedIntervals").isNumber();
        assertThat(tables.current().route("auth").rule().weight()).isEqualTo(25);
        admin.get().uri("/admin/routes/auth").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectBody().jsonPath("$.rollout.state").isEqualTo("progressing")
                .jsonPath("$.rollout.weight").isEqualTo(25);

        rolloutCall("/pause", "Bearer " + OPERATOR).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("paused");
        rolloutCall("/promote", "Bearer " + OPERATOR).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("progressing").jsonPath("$.weight").isEqualTo(50)
                .jsonPath("$.history[0].endedBy").isEqualTo("manual-promote");
        String view = admin.get().uri("/admin/routes/auth/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        System.out.println("GET /admin/routes/auth/rollout -> " + view);
        rolloutCall("/abort", "Bearer " + OPERATOR).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("aborted").jsonPath("$.weight").isEqualTo(0);

        assertThat(tables.current().route("auth").rule().weight()).isZero();
        admin.get().uri("/admin/audit?route=auth&limit=3").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectBody()
                .jsonPath("$.entries[0].source").isEqualTo("rollout").jsonPath("$.entries[0].to").isEqualTo(0)
                .jsonPath("$.entries[1].to").isEqualTo(50).jsonPath("$.entries[2].to").isEqualTo(25);
    }

    @Test
    void rolloutConflictsAreProblemsWithTheStateMachinesMessage() {
        rolloutCall("", "Bearer " + OPERATOR).expectStatus().isCreated();

        rolloutCall("", "Bearer " + OPERATOR).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:rollout-conflict");
        rolloutCall("/resume", "Bearer " + OPERATOR).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("cannot resume a rollout in state PROGRESSING"));
    }

    @Test
    void aRolloutStartBodyChangesThePlanAndABadOneIsRejectedByField() {
        call(HttpMethod.POST, "/admin/routes/auth/rollout", "{\"maxP99\": \"fast\", \"steps\": [50, 20]}",
                "Bearer " + OPERATOR).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("body.max-p99: \"fast\" (expected: a duration").contains("steps[1]: 20"));
        assertThat(rollouts.rollout("auth").map(r -> r.snapshot().state().isTerminal()).orElse(true)).isTrue();

        call(HttpMethod.POST, "/admin/routes/auth/rollout", "{\"steps\": [10, 100], \"hold\": \"5m\"}",
                "Bearer " + OPERATOR).expectStatus().isCreated()
                .expectBody().jsonPath("$.plan.steps[0]").isEqualTo(10).jsonPath("$.plan.hold").isEqualTo("PT5M")
                .jsonPath("$.weight").isEqualTo(10);
    }

    @Test
    void unknownRouteOrRolloutIsNotFound() {
        admin.get().uri("/admin/routes/nope/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:unknown-route");
        call(HttpMethod.POST, "/admin/routes/static/rollout/pause", null, "Bearer " + OPERATOR)
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:unknown-rollout");
        call(HttpMethod.POST, "/admin/routes/nope/rollout", null, "Bearer " + OPERATOR).expectStatus().isNotFound();
    }

    @Test
    void rolloutEndpointsNeedViewerToReadAndOperatorToMove() {
        admin.get().uri("/admin/routes/auth/rollout").exchange().expectStatus().isUnauthorized();
        rolloutCall("", "Bearer " + VIEWER).expectStatus().isForbidden();
        rolloutCall("", null).expectStatus().isUnauthorized();
        for (String move : List.of("/pause", "/resume", "/promote", "/abort")) {
            rolloutCall(move, "Bearer " + VIEWER).expectStatus().isForbidden();
        }
        assertThat(rollouts.rollout("auth").map(r -> r.snapshot().state().isTerminal()).orElse(true)).isTrue();
    }

    @Test
    void manualWeightChangePausesTheRollout() {
        rolloutCall("", "Bearer " + OPERATOR).expectStatus().isCreated();

        putWeight("auth", etag("auth"), "{\"weight\": 10}").expectStatus().isOk();

        admin.get().uri("/admin/routes/auth/rollout").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("paused").jsonPath("$.weight").isEqualTo(10);
    }

    private WebTestClient.ResponseSpec rolloutCall(String move, String authorization) {
        return call(HttpMethod.POST, "/admin/routes/auth/rollout" + move, null, authorization);
    }

    @Test
    void adminApiIsServedOnManagementPortOnlyNeverOnProxyPort() {
        proxy.get().uri("/admin/routes").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:no-route");
        proxy.put().uri("/admin/routes/survey/weight").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .header(HttpHeaders.IF_MATCH, "*").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"weight\": 100}").exchange()
                .expectStatus().isNotFound();

        admin.get().uri("/admin/routes").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].id").isEqualTo("survey");
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(25);
    }

    @Test
    void showsRoutesWithWeightStickinessUpstreamsAndEtag() {
        JsonNode route = admin.get().uri("/admin/routes/survey").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ETAG, etag("survey"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(route.get("id").asText()).isEqualTo("survey");
        assertThat(route.get("paths").get(0).asText()).isEqualTo("/survey/**");
        assertThat(route.get("legacy").asText()).isEqualTo("http://127.0.0.1:" + legacy.port());
        assertThat(route.get("modern").asText()).isEqualTo("http://127.0.0.1:" + modern.port());
        assertThat(route.get("weight").asInt()).isEqualTo(25);
        assertThat(route.get("stickiness").asText()).isEqualTo("header:X-User-Id");
        assertThat(route.get("overridesAllowed").asBoolean()).isFalse();
        assertThat(route.get("version").asLong()).isEqualTo(tables.current().route("survey").revision());
        assertThat(route.at("/breakers/legacy").asText()).isEqualTo("CLOSED");
        assertThat(route.at("/breakers/modern").asText()).isEqualTo("CLOSED");
        assertThat(route.get("etag").asText()).isEqualTo(etag("survey"));

        JsonNode all = admin.get().uri("/admin/routes").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(all.size()).isEqualTo(3);
        assertThat(all.get(1).get("overridesAllowed").asBoolean()).isTrue();
    }

    @Test
    void changesWeightWithIfMatchAndReturnsNewEtagWithoutInvalidatingOtherRoutes() throws IOException {
        String surveyEtag = etag("survey");
        String authEtag = etag("auth");

        JsonNode changed = putWeight("survey", surveyEtag, "{\"weight\": 50, \"reason\": \"canary looks good\"}")
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.ETAG, tag -> assertThat(tag).isNotEqualTo(surveyEtag))
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(changed.get("weight").asInt()).isEqualTo(50);
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(50);
        assertThat(etag("auth")).isEqualTo(authEtag);
        assertThat(Files.readString(stateDir.resolve(FileRuntimeStateStore.FILE_NAME))).contains("\"survey\"");

        JsonNode audit = admin.get().uri("/admin/audit?route=survey&limit=1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode newest = audit.get("entries").get(0);
        assertThat(newest.get("actor").asText()).isEqualTo("olivia");
        assertThat(newest.get("route").asText()).isEqualTo("survey");
        assertThat(newest.get("from").asInt()).isEqualTo(25);
        assertThat(newest.get("to").asInt()).isEqualTo(50);
        assertThat(newest.get("reason").asText()).isEqualTo("canary looks good");
        assertThat(newest.get("source").asText()).isEqualTo("api");
        assertThat(newest.get("time").asText()).isNotBlank();
        assertThat(Files.readAllLines(stateDir.resolve(FileAuditLog.FILE_NAME)))
                .last().asString().contains("\"to\":50");
    }

    @Test
    void refusesWeightChangeWithoutIfMatch() {
        putWeight("survey", null, "{\"weight\": 50}")
                .expectStatus().isEqualTo(428)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:precondition-required");
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(25);
    }

    @Test
    void refusesWeightChangeWithStaleEtagAndChangesNothing() {
        String stale = etag("survey");
        putWeight("survey", stale, "{\"weight\": 30}").expectStatus().isOk();
        RoutingTable before = tables.current();

        putWeight("survey", stale, "{\"weight\": 80}")
                .expectStatus().isEqualTo(412)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:ficus:problem:precondition-failed")
                .jsonPath("$.etag").isEqualTo(etag("survey"));
        assertThat(tables.current()).isSameAs(before);
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(30);
    }

    @Test
    void unknownRouteIsProblem404() {
        admin.get().uri("/admin/routes/nope").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:ficus:problem:unknown-route")
                .jsonPath("$.route").isEqualTo("nope");
        putWeight("nope", "*", "{\"weight\": 1}").expectStatus().isNotFound();
        admin.post().uri("/admin/rollback").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"routes\": [\"survey\", \"nope\"]}").exchange()
                .expectStatus().isNotFound();
        assertThat(tables.current().route("survey").rule().weight()).isEqualTo(25);
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("{\"weight\": -1}", "weight"),
                Arguments.of("{\"weight\": 101}", "weight"),
                Arguments.of("{\"weight\": 25.5}", "weight"),
                Arguments.of("{\"weight\": 25.0}", "weight"),
                Arguments.of("{\"weight\": \"abc\"}", "weight"),
                Arguments.of("{\"weight\": \"25\"}", "weight"),
                Arguments.of("{\"weight\": null}", "weight"),
                Arguments.of("{\"weight\": true}", "weight"),
                Arguments.of("{\"weight\": 99999999999}", "weight"),
                Arguments.of("{}", "weight"),
                Arguments.of("{\"reason\": \"no weight\"}", "weight"),
                Arguments.of("", "weight"),
                Arguments.of("{\"weight\": 25, \"force\": true}", "force"),
                Arguments.of("{\"weight\": 25, \"reason\": 7}", "reason"),
                Arguments.of("{\"weight\": 25, \"weight\": 30}", "body"),
                Arguments.of("{\"weight\": 25", "body"),
                Arguments.of("{\"weight\": 25} trailing", "body"),
                Arguments.of("[25]", "body"),
                Arguments.of("25", "body"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void rejectsInvalidWeightBodyNamingTheField(String body, String field) {
        RoutingTable before = tables.current();

        putWeight("survey", etag("survey"), body)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:ficus:problem:bad-request")
                .jsonPath("$.field").isEqualTo(field)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("expected"));
        assertThat(tables.current()).isSameAs(before);
    }

    @Test
    void rejectsBadAuditLimit() {
        admin.get().uri("/admin/audit?limit=0").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.field").isEqualTo("limit");
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of(HttpMethod.GET, "/admin/routes", null, false),
                Arguments.of(HttpMethod.GET, "/admin/routes/survey", null, false),
                Arguments.of(HttpMethod.GET, "/admin/audit", null, false),
                Arguments.of(HttpMethod.PUT, "/admin/routes/auth/weight", "{\"weight\": 0}", true),
                Arguments.of(HttpMethod.POST, "/admin/rollback", "{\"routes\": [\"auth\"]}", true));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void authenticatesEveryEndpointByRole(HttpMethod method, String path, String body, boolean write) {
        call(method, path, body, null).expectStatus().isUnauthorized()
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, value -> assertThat(value).startsWith("Bearer"))
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:unauthorized");
        call(method, path, body, "Bearer wrong-token-0123456789").expectStatus().isUnauthorized()
                .expectHeader().exists(HttpHeaders.WWW_AUTHENTICATE);
        call(method, path, body, "Basic " + OPERATOR).expectStatus().isUnauthorized();
        if (write) {
            call(method, path, body, "Bearer " + VIEWER).expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:ficus:problem:forbidden");
        }
        else {
            call(method, path, body, "Bearer " + VIEWER).expectStatus().isOk();
        }
        call(method, path, body, "Bearer " + OPERATOR).expectStatus().isOk();
    }

    @Test
    void exactlyOneOfTwoConcurrentWritersWithTheSameEtagWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String etag = etag("survey");
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // Both differ from the current weight, so neither write is a no-op.
                Callable<Integer> writer40 = racer(start, etag, 40 + round);
                Callable<Integer> writer60 = racer(start, etag, 60 + round);
                Future<Integer> first = pool.submit(writer40);
                Future<Integer> second = pool.submit(writer60);
                start.countDown();
                assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(200, 412);
            }
            finally {
                pool.shutdownNow();
            }
            assertThat(tables.current().route("survey").rule().weight()).isIn(40 + round, 60 + round);
        }
    }

    private Callable<Integer> racer(CountDownLatch start, String etag, int weight) {
        return () -> {
            start.await();
            return putWeight("survey", etag, "{\"weight\": " + weight + "}").returnResult(String.class)
                    .getStatus().value();
        };
    }

    @Test
    void rollbackSetsEveryRouteToZeroInOneSwap() {
        long version = tables.current().version();

        JsonNode body = admin.post().uri("/admin/rollback").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(tables.current().version()).isEqualTo(version + 1);
        assertThat(tables.current().routes()).allSatisfy(route -> assertThat(route.rule().weight()).isZero());
        assertThat(body.get("routes").size()).isEqualTo(3);
        for (int i = 0; i < 20; i++) {
            proxy.get().uri("/static/" + i).exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-Backend", "legacy");
        }
        JsonNode audit = admin.get().uri("/admin/audit?limit=2").header(HttpHeaders.AUTHORIZATION, "Bearer " + VIEWER)
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(audit.get("entries").size()).isEqualTo(2);
        assertThat(audit.get("entries").findValuesAsText("route")).containsExactlyInAnyOrder("survey", "static");
        assertThat(audit.get("entries").findValuesAsText("reason")).containsOnly("rollback");
    }

    @Test
    void rollbackOfListedRoutesLeavesOthersAlone() {
        admin.post().uri("/admin/rollback").header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"routes\": [\"survey\"], \"reason\": \"errors on modern\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.routes[0].weight").isEqualTo(0);

        assertThat(tables.current().route("survey").rule().weight()).isZero();
        assertThat(tables.current().route("static").rule().weight()).isEqualTo(100);
    }

    @Test
    void weightChangeUnderProxyTrafficFailsNoRequestAndTheSplitFollowsTheNewWeight() {
        WebClient web = WebClient.create("http://localhost:" + port);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger sentAfterChange = new AtomicInteger();
        AtomicBoolean changed = new AtomicBoolean();
        // Traffic runs before, during and for 300 responses after the change.
        CompletableFuture<List<Integer>> traffic = Flux.range(0, 1_000_000)
                .flatMap(i -> surveyRequest(web, "during-" + i), 8)
                .doOnNext(result -> sent.incrementAndGet())
                .takeUntil(result -> changed.get() && sentAfterChange.incrementAndGet() >= 300)
                .map(SideStatus::status)
                .collectList().toFuture();
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() >= 100);

        putWeight("survey", etag("survey"), "{\"weight\": 75, \"reason\": \"ramp\"}").expectStatus().isOk();
        changed.set(true);

        assertThat(traffic.join()).hasSizeGreaterThanOrEqualTo(400).containsOnly(200);
        List<SideStatus> after = Flux.range(0, 2000)
                .flatMap(i -> surveyRequest(web, "after-" + i), 8)
                .collectList().block(Duration.ofSeconds(60));
        assertThat(after).extracting(SideStatus::status).containsOnly(200);
        long modernShare = after.stream().filter(result -> "modern".equals(result.side())).count() * 100
                / after.size();
        System.out.println("Split after the change to 75: " + modernShare + " % modern over 2000 users");
        assertThat(modernShare).isBetween(71L, 79L);
    }

    private static Mono<SideStatus> surveyRequest(WebClient web, String user) {
        return web.get().uri("/survey/list").header("X-User-Id", user)
                .exchangeToMono(response -> response.releaseBody().thenReturn(new SideStatus(
                        response.headers().asHttpHeaders().getFirst("X-Backend"), response.statusCode().value())));
    }

    private record SideStatus(String side, int status) {
    }

    private String etag(String route) {
        return ETags.of(tables.current().route(route));
    }

    private WebTestClient.ResponseSpec putWeight(String route, String ifMatch, String body) {
        WebTestClient.RequestBodySpec request = admin.put().uri("/admin/routes/" + route + "/weight")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
                .contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec call(HttpMethod method, String path, String body, String authorization) {
        WebTestClient.RequestBodySpec request = admin.method(method).uri(path)
                .header(HttpHeaders.IF_MATCH, "*");
        if (authorization != null) {
            request = request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (body == null) {
            return request.exchange();
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("ficus-admin-state-");
            dir.toFile().deleteOnExit();
            return dir;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path file, String content) {
        try {
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
