package dev.ficus.gateway.catalogue;

import org.springframework.context.SmartLifecycle;

/** The reloader when one runs (a routes file is configured and reloading is on); a lifecycle either way. */
public final class RoutesFileReloaderHolder implements SmartLifecycle {

    private final RoutesFileReloader reloader;

    RoutesFileReloaderHolder(RoutesFileReloader reloader) {
        this.reloader = reloader;
    }

    /** The reloader, or {@code null} in demo mode or with reloading off. */
    public RoutesFileReloader reloader() {
        return reloader;
    }

    @Override
    public void start() {
        if (reloader != null) {
            reloader.start();
        }
    }

    @Override
    public void stop() {
        if (reloader != null) {
            reloader.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return reloader != null && reloader.isRunning();
    }
}
