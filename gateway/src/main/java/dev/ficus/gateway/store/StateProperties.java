package dev.ficus.gateway.store;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * Where runtime state and the audit log live.
 *
 * @param dir directory of {@code state.json} (weights set at runtime) and {@code audit.jsonl} (every change);
 *        created when missing (default {@code ./ficus-state}). Environment: {@code FICUS_STATE_DIR}.
 * @param onCorrupt what to do at startup when {@code state.json} cannot be read: {@code fail} (default) refuses to
 *        start; {@code ignore} logs, moves the file aside and starts from the routes file's weights
 */
@Validated
@ConfigurationProperties("ficus.state")
public record StateProperties(@NotBlank @DefaultValue("./ficus-state") String dir,
        @NotNull @DefaultValue("fail") OnCorrupt onCorrupt) {

    public Path directory() {
        return Path.of(dir.strip());
    }

    /** Startup behaviour on an unreadable state file. */
    public enum OnCorrupt {
        FAIL, IGNORE
    }
}
