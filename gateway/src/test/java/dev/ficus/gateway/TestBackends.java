package dev.ficus.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** WireMock backends standing in for the legacy monolith and the new service, and routes files for them. */
public final class TestBackends {

    private TestBackends() {
    }

    /** A started WireMock server on a free port. */
    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }

    /** Forgets stubs and requests; every request then gets 200 with body and {@code X-Backend} naming the side. */
    public static void reset(WireMockServer backend, String side) {
        backend.resetAll();
        backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("X-Backend", side)
                .withHeader("Content-Type", "text/plain")
                .withBody(side)));
    }

    /** Writes {@code yaml} to a temporary routes file, deleted when the JVM exits. */
    public static Path routesFile(String yaml) {
        try {
            Path file = Files.createTempFile("ficus-routes-", ".yaml");
            Files.writeString(file, yaml);
            file.toFile().deleteOnExit();
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Points the gateway under test at a routes file holding {@code yaml}, with its own state directory next to it
     * (never the shared default {@code ./ficus-state}, which other tests would then read).
     */
    public static void useRoutes(org.springframework.test.context.DynamicPropertyRegistry registry, String yaml) {
        Path file = routesFile(yaml);
        registry.add("ficus.routes-file", file::toString);
        registry.add("ficus.state.dir", () -> file.resolveSibling(file.getFileName() + ".state").toString());
    }
}
