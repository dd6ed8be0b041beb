package dev.ficus.loadtest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * Everything a simulation needs on one machine, all on 127.0.0.1 and free ports: two WireMock servers in this JVM
 * standing in for legacy and modern (a fixed small JSON answer naming the side), and the gateway jar as a child
 * process with {@code loadtest-routes.yaml}, a temporary {@code ficus.state.dir}, an operator token and a 100 ms
 * rollout tick. A shutdown hook stops the gateway (SIGTERM, then kill after 10 s), the backends, and deletes the
 * state directory. The gateway's and this JVM's pids are written to {@code target/local-stack/*.pid} so that
 * {@code run-local.sh} can clean up even if this JVM is killed.
 */
public final class LocalStack {

    private static final String TOKEN = "loadtest-operator-" + UUID.randomUUID();

    private final WireMockServer legacy;
    private final WireMockServer modern;
    private final Process gateway;
    private final Path stateDir;
    private final Target target;
    private final Path pidDir;

    private LocalStack(WireMockServer legacy, WireMockServer modern, Process gateway, Path stateDir, Path pidDir,
            int port, int managementPort) {
        this.legacy = legacy;
        this.modern = modern;
        this.gateway = gateway;
        this.stateDir = stateDir;
        this.pidDir = pidDir;
        this.target = new Target("http://127.0.0.1:" + port, "http://127.0.0.1:" + managementPort, TOKEN,
                modern.baseUrl(), this);
    }

    public Target target() {
        return target;
    }

    /** Stops the modern backend (NewSideOutage {@code kill}): its port then refuses connections. */
    public void killModern() {
        modern.stop();
    }

    static LocalStack start() {
        Path jar = LoadConfig.gatewayJar().toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Gateway jar not found: " + jar + ". Build it first: mvn -B -q -DskipTests "
                    + "package (from the repository root), or point ficus.lt.gatewayJar / FICUS_LT_GATEWAY_JAR at it.");
        }
        WireMockServer legacy = backend("legacy");
        WireMockServer modern = backend("modern");
        Path work = LoadConfig.workDir().resolve("local-stack");
        Process process = null;
        Path stateDir = null;
        try {
            Files.createDirectories(work);
            stateDir = Files.createTempDirectory("ficus-loadtest-state-");
            Path routes = stateDir.resolve("routes.yaml");
            String yaml;
            try (var in = LocalStack.class.getResourceAsStream("/loadtest-routes.yaml")) {
                yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Files.writeString(routes, yaml.replace("${LEGACY}", legacy.baseUrl()).replace("${MODERN}", modern.baseUrl()));
            int port = freePort();
            int managementPort = freePort();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                    "-jar", jar.toString(),
                    "--server.address=127.0.0.1", "--server.port=" + port,
                    "--management.server.address=127.0.0.1", "--management.server.port=" + managementPort,
                    "--ficus.routes-file=" + routes, "--ficus.state.dir=" + stateDir.resolve("state"),
                    "--ficus.admin.tokens[0].name=gatling", "--ficus.admin.tokens[0].token=" + TOKEN,
                    "--ficus.admin.tokens[0].role=operator",
                    "--ficus.rollout.tick=100ms", "--ficus.access-log.enabled=false"));
            Path log = work.resolve("gateway-" + ProcessHandle.current().pid() + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Files.writeString(work.resolve("gateway-" + process.pid() + ".pid"), Long.toString(process.pid()));
            Files.writeString(work.resolve("gatling-" + ProcessHandle.current().pid() + ".pid"),
                    Long.toString(ProcessHandle.current().pid()));
            LocalStack stack = new LocalStack(legacy, modern, process, stateDir, work, port, managementPort);
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "local-stack-stop"));
            awaitReady(process, "http://127.0.0.1:" + managementPort + "/actuator/health/readiness", log);
            warmUp("http://127.0.0.1:" + port);
            System.out.printf("Local stack ready: gateway %s (management %s, pid %d, log %s), legacy %s, modern %s%n",
                    stack.target.baseUrl(), stack.target.adminUrl(), process.pid(), log, legacy.baseUrl(),
                    modern.baseUrl());
            return stack;
        }
        catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            legacy.stop();
            modern.stop();
            throw new IllegalStateException("Could not start the local stack: " + e, e);
        }
    }

    private static WireMockServer backend(String side) {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(64).jettyAcceptors(1).disableRequestJournal().notifier(new ConsoleNotifier(false)));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"side\":\"" + side + "\"}")));
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitReady(Process process, String readiness, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(LoadConfig.startTimeout());
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway exited with status " + process.exitValue()
                        + " before it was ready; its log (" + log + ") ends with:\n" + tail(log));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(readiness))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            }
            catch (IOException e) {
                last = e.toString();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the gateway", e);
            }
            try {
                Thread.sleep(250);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the gateway", e);
            }
        }
        throw new IllegalStateException("The gateway did not become ready within " + LoadConfig.startTimeout()
                + " (" + readiness + ": " + last + "); its log (" + log + ") ends with:\n" + tail(log));
    }

    /**
     * A fresh JVM answers its first requests in hundreds of milliseconds (class loading, interpreter); the p99 bound
     * is about the warm gateway, so each local stack first serves {@value #WARM_UP_REQUESTS} GETs (4 at a time, at
     * most 30 s) on a path no simulation route matches and on the steady-split routes with throw-away user ids.
     * Only the steady-split routes are touched: LiveShift, NewSideOutage and Rollout start from clean traffic windows.
     */
    private static final int WARM_UP_REQUESTS = 800;

    private static void warmUp(String base) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> paths = List.of("/auth/login", "/survey/1", "/dashboard/home", "/documents/1", "/static/app.css",
                "/reports/monthly", "/no-such-route");
        Instant deadline = Instant.now().plusSeconds(30);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = thread; i < WARM_UP_REQUESTS && Instant.now().isBefore(deadline); i += 4) {
                        try {
                            http.send(HttpRequest.newBuilder(URI.create(base + paths.get(i % paths.size())))
                                    .header("X-User-Id", "warm-up-" + i).timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                        }
                        catch (IOException e) {
                            // a warm-up failure is not a finding; the simulation's own requests are checked
                        }
                        catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
        catch (Exception e) {
            System.out.println("Warm-up incomplete: " + e);
        }
        finally {
            pool.shutdownNow();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private void stop() {
        gateway.destroy();
        try {
            if (!gateway.waitFor(10, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        catch (InterruptedException e) {
            gateway.destroyForcibly();
        }
        legacy.stop();
        if (modern.isRunning()) {
            modern.stop();
        }
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        try {
            Files.deleteIfExists(pidDir.resolve("gateway-" + gateway.pid() + ".pid"));
            Files.deleteIfExists(pidDir.resolve("gatling-" + ProcessHandle.current().pid() + ".pid"));
        }
        catch (IOException ignored) {
            // run-local.sh ignores pids that are gone
        }
    }
}
