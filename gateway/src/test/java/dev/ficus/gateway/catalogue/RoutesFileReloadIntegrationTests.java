package dev.ficus.gateway.catalogue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Editing the routes file on disk: valid changes apply within 2 s, invalid ones leave the old routes serving. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.server.port=0")
class RoutesFileReloadIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();
    static final Path routes = TestBackends.routesFile(survey(""));

    static {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
    }

    @Autowired
    WebTestClient client;

    @Autowired
    RoutingTableHolder tables;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditLog audit;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path stateDir = stateDir();
        registry.add("ficus.routes-file", routes::toString);
        registry.add("ficus.state.dir", stateDir::toString);
    }

    @AfterAll
    static void stopBackends() {
        legacy.stop();
        modern.stop();
    }

    static String survey(String extraRoutes) {
        return """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                """.formatted(legacy.port(), modern.port()) + extraRoutes.formatted(legacy.port(), modern.port());
    }

    static final String NEWS = """
              - id: news
                paths: [/news/**]
                legacy: http://127.0.0.1:%1$d
                modern: http://127.0.0.1:%2$d
                weight: 100
            """;

    @Test
    void appliesValidEditsKeepsRuntimeWeightsAndRejectsInvalidOnes() {
        client.get().uri("/news/1").exchange().expectStatus().isNotFound();
        tables.update(table -> table.withWeight("survey", 100));

        replace(survey(NEWS));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> client.get().uri("/news/1").exchange()
                .expectStatus().isOk().expectHeader().valueEquals("X-Ficus-Target", "modern"));
        assertThat(tables.current().route("survey").rule().weight()).as("runtime weight kept").isEqualTo(100);
        client.get().uri("/survey/1").exchange().expectHeader().valueEquals("X-Ficus-Target", "modern");
        assertThat(reloads("ok")).isEqualTo(1);

        replace(survey(NEWS).replace("weight: 100", "weight: 150"));
        await().atMost(Duration.ofSeconds(3)).until(() -> reloads("rejected") == 1);
        client.get().uri("/news/1").exchange().expectStatus().isOk();
        assertThat(tables.current().route("news").rule().weight()).isEqualTo(100);

        replace(survey(""));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> client.get().uri("/news/1").exchange()
                .expectStatus().isNotFound());
        assertThat(audit.newest("news", 10)).first()
                .satisfies(entry -> assertThat(entry.source()).isEqualTo(AuditEntry.Source.FILE));
        assertThat(reloads("ok")).isEqualTo(2);
    }

    private double reloads(String result) {
        return meters.get("ficus.catalogue.reloads").tag("result", result).counter().count();
    }

    /** Replaces the file in one step, as editors and ConfigMap updates do, so no half-written file is read. */
    private static void replace(String yaml) {
        try {
            Path next = Files.createTempFile(routes.getParent(), "routes-next-", ".yaml");
            Files.writeString(next, yaml);
            Files.move(next, routes, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path stateDir() throws IOException {
        Path dir = Files.createTempDirectory("ficus-state-");
        dir.toFile().deleteOnExit();
        return dir;
    }
}
