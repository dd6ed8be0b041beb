package dev.ficus.gateway.catalogue;

import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.gateway.store.RuntimeStateStore;
import dev.ficus.routes.CatalogueException;
import dev.ficus.routes.CatalogueLoader;
import dev.ficus.routes.RouteCatalogue;
import dev.ficus.rules.OverridePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hot reload of the routes file (GitOps): the file's content is checked every interval; a valid new version
 * replaces the catalogue in one swap, an invalid one is rejected with every problem logged and
 * {@code ficus.catalogue.reloads{result=rejected}} incremented, and the last good catalogue keeps serving.
 *
 * <p>Polling the content (not file-system events) also sees Kubernetes ConfigMap updates, which swap a symlink.
 * Runtime weights (admin API, rollouts) survive a reload for routes that still exist; new routes start at their
 * file weight; removed routes are dropped from the saved state and audited ({@code source: file}).
 */
public final class RoutesFileReloader {

    private static final Logger log = LoggerFactory.getLogger(RoutesFileReloader.class);

    private final Path file;
    private final Duration interval;
    private final RoutingTableHolder tables;
    private final OverridePolicy overrides;
    private final RuntimeStateStore state;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final Counter applied;
    private final Counter rejected;
    private volatile byte[] lastSeen;
    private volatile ScheduledExecutorService scheduler;

    public RoutesFileReloader(Path file, Duration interval, RoutingTableHolder tables, OverridePolicy overrides,
            RuntimeStateStore state, AuditLog audit, Clock clock, ApplicationEventPublisher events,
            MeterRegistry meters) {
        this.file = file;
        this.interval = interval;
        this.tables = tables;
        this.overrides = overrides;
        this.state = state;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.applied = meters.counter("ficus.catalogue.reloads", "result", "ok");
        this.rejected = meters.counter("ficus.catalogue.reloads", "result", "rejected");
        this.lastSeen = digest(read());
    }

    /** Checks the file once; returns whether a new catalogue was applied. Called by the schedule (and tests). */
    public synchronized boolean checkNow() {
        byte[] content = read();
        byte[] digest = digest(content);
        if (content == null || Arrays.equals(digest, lastSeen)) {
            return false;
        }
        lastSeen = digest;
        RouteCatalogue catalogue;
        try {
            catalogue = CatalogueLoader.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8),
                    file.toString());
        }
        catch (CatalogueException e) {
            rejected.increment();
            log.error("Routes file change rejected; the previous routes keep serving. {}", e.getMessage());
            return false;
        }
        apply(catalogue);
        applied.increment();
        return true;
    }

    private void apply(RouteCatalogue catalogue) {
        RoutingTable compiled = RoutingTable.compile(catalogue, overrides);
        Map<String, Integer> removed = new LinkedHashMap<>();
        RoutingTable next = tables.update(current -> {
            removed.clear();
            Map<String, dev.ficus.gateway.routing.RouteRuntime> kept = new LinkedHashMap<>();
            current.runtime().forEach((id, runtime) -> {
                if (compiled.route(id) != null) {
                    kept.put(id, runtime);
                }
                else {
                    removed.put(id, runtime.weight());
                }
            });
            return compiled.restore(kept);
        });
        removed.forEach((id, weight) -> audit.append(new AuditEntry(clock.instant(), "file", id, weight, null,
                "route removed from " + file, AuditEntry.Source.FILE)));
        state.save(next.runtime());
        events.publishEvent(new RefreshRoutesEvent(this));
        log.info("Routes file reloaded: {} routes{}", catalogue.routes().size(),
                removed.isEmpty() ? "" : ", removed " + removed.keySet());
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        }
        catch (IOException e) {
            log.warn("Routes file {} cannot be read ({}); the previous routes keep serving", file, e.toString());
            return null;
        }
    }

    private static byte[] digest(byte[] content) {
        if (content == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ficus-routes-reload");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    private void checkSafely() {
        try {
            checkNow();
        }
        catch (RuntimeException e) {
            log.error("Routes file reload failed; the previous routes keep serving", e);
        }
    }

    public void stop() {
        ScheduledExecutorService executor = scheduler;
        if (executor != null) {
            executor.shutdownNow();
            scheduler = null;
        }
    }

    public boolean isRunning() {
        return scheduler != null;
    }
}
