package dev.ficus.gateway.rollout;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RolloutRuntime#analyseDue()} every tick on one daemon thread ({@code ficus-rollout}), so analyses and
 * weight changes of rollouts never overlap and never run on the event loop.
 */
final class RolloutScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RolloutScheduler.class);

    private final RolloutRuntime runtime;
    private final Duration tick;
    private volatile ScheduledExecutorService executor;

    RolloutScheduler(RolloutRuntime runtime, Duration tick) {
        this.runtime = runtime;
        this.tick = tick;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ficus-rollout");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An exception would cancel the schedule: log it and keep ticking. */
    private void tickSafely() {
        try {
            runtime.analyseDue();
        }
        catch (RuntimeException e) {
            log.error("Rollout tick failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
            executor = null;
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
