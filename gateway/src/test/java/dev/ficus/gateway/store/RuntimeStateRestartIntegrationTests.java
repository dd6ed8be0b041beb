package dev.ficus.gateway.store;

import dev.ficus.gateway.TestApplications;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ficus.gateway.routing.RoutingTableHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Weights set at runtime and the audit log survive a restart; a corrupt state file is refused or ignored. */
class RuntimeStateRestartIntegrationTests {

    static final String OPERATOR = "operator-token-0123456789";

    @TempDir
    Path dir;

    @Test
    void weightsAndAuditSurviveRestart() throws IOException {
        Path routes = routesFile(true);
        try (ConfigurableApplicationContext first = start(routes)) {
            setWeight(first, "survey", 60);
            setWeight(first, "auth", 10);
        }

        try (ConfigurableApplicationContext second = start(routes)) {
            RoutingTableHolder tables = second.getBean(RoutingTableHolder.class);
            assertThat(tables.current().route("survey").rule().weight()).isEqualTo(60);
            assertThat(tables.current().route("auth").rule().weight()).isEqualTo(10);
            assertThat(tables.current().route("survey").revision()).isEqualTo(2);

            JsonNode audit = admin(second).get().uri("/admin/audit")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(audit.get("entries").findValuesAsText("route")).containsExactly("auth", "survey");
            assertThat(audit.get("entries").get(1).get("to").asInt()).isEqualTo(60);
        }
    }

    @Test
    void dropsAndAuditsSavedStateOfRoutesRemovedFromTheFile() throws IOException {
        try (ConfigurableApplicationContext first = start(routesFile(true))) {
            setWeight(first, "auth", 10);
        }

        try (ConfigurableApplicationContext second = start(routesFile(false))) {
            assertThat(second.getBean(RoutingTableHolder.class).current().route("auth")).isNull();
            AuditEntry dropped = second.getBean(AuditLog.class).newest(null, 1).get(0);
            assertThat(dropped.route()).isEqualTo("auth");
            assertThat(dropped.source()).isEqualTo(AuditEntry.Source.FILE);
            assertThat(dropped.from()).isEqualTo(10);
            assertThat(dropped.to()).isNull();
            assertThat(Files.readString(dir.resolve("state").resolve(FileRuntimeStateStore.FILE_NAME)))
                    .doesNotContain("auth");
        }
    }

    @Test
    void refusesToStartOnCorruptStateFile() throws IOException {
        Path routes = routesFile(true);
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve(FileRuntimeStateStore.FILE_NAME), "{\"routes\": {\"survey\"");

        assertThatThrownBy(() -> start(routes))
                .satisfies(failure -> assertThat(corruptState(failure))
                        .hasMessageContaining(FileRuntimeStateStore.FILE_NAME)
                        .hasMessageContaining("expected"));
    }

    @Test
    void refusesToStartOnOutOfRangeSavedWeight() throws IOException {
        Path routes = routesFile(true);
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve(FileRuntimeStateStore.FILE_NAME),
                "{\"routes\": {\"survey\": {\"weight\": 150}}}");

        assertThatThrownBy(() -> start(routes))
                .satisfies(failure -> assertThat(corruptState(failure))
                        .hasMessageContaining("weight: 150"));
    }

    @Test
    void startsFromFileWeightsWhenToldToIgnoreCorruptState() throws IOException {
        Path routes = routesFile(true);
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve(FileRuntimeStateStore.FILE_NAME), "garbage");

        try (ConfigurableApplicationContext context = start(routes, "--ficus.state.on-corrupt=ignore")) {
            assertThat(context.getBean(RoutingTableHolder.class).current().route("survey").rule().weight())
                    .isEqualTo(25);
            assertThat(state.resolve(FileRuntimeStateStore.FILE_NAME)).doesNotExist();
            try (var files = Files.list(state)) {
                assertThat(files.map(path -> path.getFileName().toString()))
                        .anyMatch(name -> name.startsWith(FileRuntimeStateStore.FILE_NAME + ".corrupt-"));
            }
        }
    }

    private static CorruptStateException corruptState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CorruptStateException corrupt) {
                return corrupt;
            }
        }
        throw new AssertionError("expected a CorruptStateException in the cause chain", failure);
    }

    private void setWeight(ConfigurableApplicationContext context, String route, int weight) {
        // expectBody() reads the body, so the connection goes back to the pool before the PUT
        String etag = admin(context).get().uri("/admin/routes/" + route)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseHeaders().getETag();
        admin(context).put().uri("/admin/routes/" + route + "/weight")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR).header(HttpHeaders.IF_MATCH, etag)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"weight\": " + weight + "}").exchange()
                .expectStatus().isOk();
    }

    private static WebTestClient admin(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.management.port"))
                .responseTimeout(java.time.Duration.ofSeconds(20)).build();
    }

    private Path routesFile(boolean withAuth) throws IOException {
        String yaml = """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:5000
                    modern: http://127.0.0.1:5001
                    weight: 25
                """ + (withAuth ? """
                  - id: auth
                    paths: [/auth/**]
                    legacy: http://127.0.0.1:5000
                    modern: http://127.0.0.1:5001
                """ : "");
        return Files.writeString(dir.resolve("routes.yaml"), yaml);
    }

    private ConfigurableApplicationContext start(Path routes, String... extra) {
        String[] args = {"--ficus.routes-file=" + routes, "--server.port=0", "--management.server.port=0",
                "--ficus.state.dir=" + dir.resolve("state"),
                "--ficus.admin.tokens[0].name=olivia", "--ficus.admin.tokens[0].token=" + OPERATOR,
                "--ficus.admin.tokens[0].role=operator"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        return TestApplications.start(all);
    }
}
