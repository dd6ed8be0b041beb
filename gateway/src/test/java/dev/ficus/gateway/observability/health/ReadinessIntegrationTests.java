package dev.ficus.gateway.observability.health;

import dev.ficus.gateway.TestApplications;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import dev.ficus.gateway.routing.RouteRuntime;
import dev.ficus.gateway.store.RuntimeStateStore;
import dev.ficus.gateway.store.SavedRollout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Readiness is not UP before the catalogue and the runtime state are loaded, nor after a failed load, and goes
 * DOWN again when a shutdown starts. Liveness ignores all of that.
 */
class ReadinessIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path stateDir;

    @AfterAll
    static void stopBackend() {
        legacy.stop();
    }

    /** A store whose load waits until the test releases it, or fails when told to. */
    static final class SlowStore implements RuntimeStateStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final RuntimeException failure;

        SlowStore(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Optional<Map<String, RouteRuntime>> load() {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.empty();
        }

        @Override
        public void save(Map<String, RouteRuntime> routes) {
        }

        @Override
        public Map<String, SavedRollout> loadRollouts() {
            return Map.of();
        }

        @Override
        public void saveRollouts(Map<String, SavedRollout> rollouts) {
        }

        @Override
        public String discardCorrupt() {
            return "nowhere";
        }
    }

    @Test
    void readinessIsUpOnlyOnceTheStateIsLoadedAndDownFromTheStartOfShutdown() throws Exception {
        SlowStore store = new SlowStore(null);
        int management = freePort();
        CompletableFuture<ConfigurableApplicationContext> starting = start(store, management);
        assertThat(store.entered.await(60, TimeUnit.SECONDS)).isTrue();

        // While the state loads nothing answers on the management port, so a probe fails.
        assertThatThrownBy(() -> get(management, "/actuator/health/readiness")).isInstanceOf(ConnectException.class);
        assertThat(starting).isNotDone();

        store.release.countDown();
        ConfigurableApplicationContext context = starting.get(60, TimeUnit.SECONDS);
        try {
            JsonNode readiness = await().until(() -> get(management, "/actuator/health/readiness"),
                    body -> "UP".equals(body.path("status").asText()));
            assertThat(readiness.at("/components/routingState/status").asText()).isEqualTo("UP");
            assertThat(readiness.at("/components/routingState/details/state").asText()).isEqualTo("loaded");
            assertThat(readiness.at("/components/routingState/details/routes").asInt()).isEqualTo(1);
            assertThat(readiness.at("/components/readinessState/status").asText()).isEqualTo("UP");
            assertThat(readiness.at("/components/upstreams").isMissingNode()).isTrue();
            JsonNode liveness = get(management, "/actuator/health/liveness");
            assertThat(liveness.path("status").asText()).isEqualTo("UP");
            assertThat(liveness.at("/components/routingState").isMissingNode()).isTrue();

            // What Spring Boot publishes when a graceful shutdown starts: readiness must follow.
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            JsonNode refusing = get(management, "/actuator/health/readiness");
            assertThat(refusing.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
            assertThat(get(management, "/actuator/health/liveness").path("status").asText()).isEqualTo("UP");
        }
        finally {
            context.close();
        }
    }

    @Test
    void aFailedStateLoadNeverBecomesReady() throws Exception {
        SlowStore store = new SlowStore(new IllegalStateException("state store unreachable"));
        int management = freePort();
        CompletableFuture<ConfigurableApplicationContext> starting = start(store, management);
        assertThat(store.entered.await(60, TimeUnit.SECONDS)).isTrue();
        store.release.countDown();

        assertThatThrownBy(() -> starting.get(60, TimeUnit.SECONDS))
                .hasRootCauseMessage("state store unreachable");
        assertThatThrownBy(() -> get(management, "/actuator/health/readiness")).isInstanceOf(ConnectException.class);
    }

    private CompletableFuture<ConfigurableApplicationContext> start(SlowStore store, int management) {
        Path routes = TestBackends.routesFile("""
                routes:
                  - id: reports
                    paths: [/reports/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%1$d
                """.formatted(legacy.port()));
        return CompletableFuture.supplyAsync(() -> TestApplications.builder(java.util.List.of())
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(RuntimeStateStore.class, () -> store))
                .run("--ficus.routes-file=" + routes, "--server.port=0", "--management.server.port=" + management,
                        "--ficus.state.dir=" + stateDir, "--ficus.health.upstream.enabled=false"));
    }

    private static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
