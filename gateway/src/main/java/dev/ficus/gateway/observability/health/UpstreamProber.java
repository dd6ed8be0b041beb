package dev.ficus.gateway.observability.health;

import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.rules.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks every distinct upstream address of the current routing table on a background thread, every
 * {@code interval}, and keeps the last result per address. The health endpoint reads only this cache, so a health
 * request never opens a connection, and many route sides on one host cost one check.
 */
public final class UpstreamProber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamProber.class);

    private final RoutingTableHolder tables;
    private final UpstreamHealthProperties properties;
    private final Clock clock;
    private volatile Map<UpstreamAddress, UpstreamCheck> results = Map.of();
    private ScheduledExecutorService executor;

    UpstreamProber(RoutingTableHolder tables, UpstreamHealthProperties properties, Clock clock) {
        this.tables = tables;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts checking now and then every interval. */
    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ficus-upstream-health");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkAllSafely, 0, properties.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** The last check of the address of each route side, in table order ({@code survey.legacy}); a side not yet checked has none. */
    Map<String, Sided> snapshot() {
        Map<UpstreamAddress, UpstreamCheck> current = results;
        Map<String, Sided> sides = new LinkedHashMap<>();
        for (CompiledRoute route : tables.current().routes()) {
            for (Side side : Side.values()) {
                URI uri = route.definition().upstream(side).uri();
                UpstreamAddress address = UpstreamAddress.of(uri);
                sides.put(route.id() + "." + side.id(), new Sided(address, current.get(address)));
            }
        }
        return sides;
    }

    record Sided(UpstreamAddress address, UpstreamCheck check) {
    }

    /** One round: every distinct address once; results for addresses no longer in the table are dropped. */
    void checkAll() {
        Set<UpstreamAddress> addresses = new LinkedHashSet<>();
        Map<UpstreamAddress, URI> firstUri = new LinkedHashMap<>();
        for (CompiledRoute route : tables.current().routes()) {
            for (Side side : Side.values()) {
                URI uri = route.definition().upstream(side).uri();
                UpstreamAddress address = UpstreamAddress.of(uri);
                addresses.add(address);
                firstUri.putIfAbsent(address, uri);
            }
        }
        Map<UpstreamAddress, UpstreamCheck> next = new LinkedHashMap<>();
        for (UpstreamAddress address : addresses) {
            next.put(address, check(address, firstUri.get(address)));
        }
        results = Map.copyOf(next);
    }

    private void checkAllSafely() {
        try {
            checkAll();
        }
        catch (RuntimeException e) {
            log.warn("Upstream reachability check failed: {}", e.toString());
        }
    }

    private UpstreamCheck check(UpstreamAddress address, URI uri) {
        long start = System.nanoTime();
        try {
            if (properties.mode() == UpstreamHealthProperties.Mode.HEAD) {
                head(uri);
            }
            else {
                connect(address);
            }
            return new UpstreamCheck(true, clock.instant(), elapsedMillis(start), null);
        }
        catch (IOException | RuntimeException e) {
            return new UpstreamCheck(false, clock.instant(), elapsedMillis(start),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void connect(UpstreamAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()),
                    (int) properties.timeout().toMillis());
        }
    }

    private void head(URI uri) throws IOException {
        String scheme = uri.getScheme().startsWith("ws") ? uri.getScheme().replace("ws", "http") : uri.getScheme();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI target = URI.create(scheme + "://" + uri.getRawAuthority() + path);
        HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
        try {
            connection.setRequestMethod("HEAD");
            connection.setConnectTimeout((int) properties.timeout().toMillis());
            connection.setReadTimeout((int) properties.timeout().toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.getResponseCode();
        }
        finally {
            connection.disconnect();
        }
    }

    private static long elapsedMillis(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
