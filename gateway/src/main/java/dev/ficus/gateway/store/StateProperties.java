package dev.ficus.gateway.store;

import dev.ficus.gateway.PropertyChecks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Where runtime state and the audit log live.
 *
 * @param dir directory of {@code state.json} (weights set at runtime) and {@code audit.jsonl} (every change);
 *        created when missing (default {@code ./ficus-state}). Environment: {@code FICUS_STATE_DIR}.
 * @param onCorrupt what to do at startup when {@code state.json} cannot be read: {@code fail} (default) refuses to
 *        start; {@code ignore} logs, moves the file aside and starts from the routes file's weights
 */
@ConfigurationProperties("ficus.state")
public record StateProperties(@DefaultValue("./ficus-state") String dir, @DefaultValue("fail") OnCorrupt onCorrupt) {

    public StateProperties {
        PropertyChecks.notBlank("ficus.state.dir", dir, "a directory, e.g. /var/lib/ficus");
        PropertyChecks.notNull("ficus.state.on-corrupt", onCorrupt, "fail or ignore");
    }

    public Path directory() {
        return Path.of(dir.strip());
    }

    /** Startup behaviour on an unreadable state file. */
    public enum OnCorrupt {
        FAIL, IGNORE
    }
}
