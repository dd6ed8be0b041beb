package dev.ficus.gateway.routing;

import dev.ficus.gateway.TestApplications;
import dev.ficus.routes.CatalogueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad routes file stops the gateway at startup with every problem named; nothing serves half a catalogue. */
class StartupValidationIntegrationTests {

    @TempDir
    Path dir;

    @Test
    void refusesToStartOnInvalidRoutesFileAndNamesEveryProblem() throws IOException {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://flask:5000
                    modern: ftp://lambda
                    weight: 150
                  - id: survey
                    pathz: [/x]
                    legacy: http://flask:5000
                    modern: http://lambda:80
                """);

        assertThatThrownBy(() -> start(routes))
                .rootCause()
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining(routes.toString())
                .hasMessageContaining("routes[0] (survey).weight")
                .hasMessageContaining("routes[0] (survey).modern")
                .hasMessageContaining("pathz");
    }

    @Test
    void refusesToStartWhenRoutesFileIsMissing() {
        Path missing = dir.resolve("absent.yaml");

        assertThatThrownBy(() -> start(missing))
                .rootCause()
                .isInstanceOf(CatalogueException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void startsOnValidRoutesFile() throws IOException {
        Path routes = validRoutes();

        try (ConfigurableApplicationContext context = start(routes)) {
            assertThat(context.getBean(RoutingTableHolder.class).current().route("survey")).isNotNull();
        }
    }

    @Test
    void refusesToStartOnInvalidEventLoopCount() throws IOException {
        Path routes = validRoutes();

        assertThatThrownBy(() -> TestApplications.start("--ficus.routes-file=" + routes, "--ficus.event-loops=0",
                "--server.port=0", "--management.server.port=0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ficus.event-loops must be a whole number from 1 to 1024")
                .hasMessageContaining("'0'");
    }

    /**
     * Spring Cloud Gateway's {@code @Validated} properties are still checked when bound, without Spring Boot's
     * method-validation auto-configuration (skipped by {@code UnusedAutoConfigurations}).
     */
    @Test
    void refusesToStartOnAnInvalidSpringCloudGatewaySetting() throws IOException {
        Path routes = validRoutes();

        assertThatThrownBy(() -> TestApplications.start("--ficus.routes-file=" + routes,
                "--spring.cloud.gateway.server.webflux.routes[0].id=no-uri", "--server.port=0",
                "--management.server.port=0"))
                .hasStackTraceContaining("spring.cloud.gateway.server.webflux.routes[0].uri");
    }

    private Path validRoutes() throws IOException {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:5000
                    modern: http://127.0.0.1:5001
                """);
        return routes;
    }

    private static ConfigurableApplicationContext start(Path routes) {
        return TestApplications.start("--ficus.routes-file=" + routes, "--server.port=0", "--management.server.port=0");
    }
}
