package dev.ficus.gateway.routing;

import dev.ficus.gateway.TestApplications;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the gateway lets a request already in flight finish instead of cutting it off, while readiness reports
 * {@code REFUSING_TRAFFIC} and the proxy port refuses new connections.
 */
class GracefulShutdownIntegrationTests {

    static final WireMockServer legacy = TestBackends.start();

    @TempDir
    Path stateDir;

    @AfterAll
    static void stopBackend() {
        legacy.stop();
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        }
        catch (IOException e) {
            return true;
        }
    }

    @Test
    void completesInFlightSlowRequestDuringShutdown() throws Exception {
        TestBackends.reset(legacy, "legacy");
        // Longer than Reactor Netty's own 3 s dispose wait, so only Spring Boot's graceful shutdown lets it finish.
        legacy.stubFor(get("/reports/slow").willReturn(aResponse().withStatus(200).withBody("finished")
                .withFixedDelay(4_000)));
        Path routes = TestBackends.routesFile("""
                routes:
                  - id: reports
                    paths: [/reports/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%1$d
                """.formatted(legacy.port()));
        ConfigurableApplicationContext context = TestApplications.start("--ficus.routes-file=" + routes,
                "--server.port=0", "--management.server.port=0", "--ficus.state.dir=" + stateDir);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();

        // The client gets its own event loop and pool, so nothing it uses is shut down with the gateway.
        LoopResources loops = LoopResources.create("shutdown-test-client", 1, true);
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
        WebClient web = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(http)).build();
        CompletableFuture<ResponseEntity<String>> inFlight = web.get()
                .uri("/reports/slow").retrieve().toEntity(String.class)
                .timeout(Duration.ofSeconds(10)).toFuture();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !legacy.findAll(getRequestedFor(urlEqualTo("/reports/slow"))).isEmpty());
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

        // While the slow request drains: readiness is down and the port takes no new connection.
        await().atMost(Duration.ofSeconds(3)).until(() -> availability.getReadinessState()
                == ReadinessState.REFUSING_TRAFFIC);
        await().atMost(Duration.ofSeconds(3)).until(() -> refusesConnections(port));
        assertThat(inFlight).isNotDone();

        ResponseEntity<String> response = Mono.fromFuture(inFlight).block(Duration.ofSeconds(10));
        closing.get(10, TimeUnit.SECONDS);
        loops.disposeLater().block(Duration.ofSeconds(5));
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo("finished");
    }
}
