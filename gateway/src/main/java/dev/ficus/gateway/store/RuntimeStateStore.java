package dev.ficus.gateway.store;

import dev.ficus.gateway.routing.RouteRuntime;

import java.util.Map;
import java.util.Optional;

/**
 * Where the runtime state (each route's weight and revision, as operators set them) survives restarts. The file
 * implementation is {@link FileRuntimeStateStore}; a shared store (Redis) can implement the same contract.
 */
public interface RuntimeStateStore {

    /**
     * The last saved state, route id to runtime; empty when nothing was ever saved.
     *
     * @throws CorruptStateException when saved state exists but cannot be read
     */
    Optional<Map<String, RouteRuntime>> load();

    /** Replaces the saved state with {@code routes}, atomically: a reader sees the old or the new state, whole. */
    void save(Map<String, RouteRuntime> routes);

    /**
     * The saved rollouts, route id to rollout; empty when none were saved (also for files written before rollouts
     * existed).
     *
     * @throws CorruptStateException when the rollouts cannot be read
     */
    Map<String, SavedRollout> loadRollouts();

    /** Replaces the saved rollouts, atomically, keeping the saved route state. */
    void saveRollouts(Map<String, SavedRollout> rollouts);

    /** Moves unreadable state out of the way, keeping it for inspection; returns where it went, for the log. */
    String discardCorrupt();
}
