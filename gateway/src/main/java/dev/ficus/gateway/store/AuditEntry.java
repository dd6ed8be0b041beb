package dev.ficus.gateway.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ficus.rules.TrafficRule;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One accepted weight change, as appended to the audit log.
 *
 * @param time when the change took effect
 * @param actor who made it: the admin token's name, {@code file} or {@code rollout}
 * @param route the route id
 * @param from weight before the change
 * @param to weight after; {@code null} when the route's runtime state was dropped (route removed from the file)
 * @param reason free text from the operator; may be {@code null}
 * @param source where the change came from
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(Instant time, String actor, String route, Integer from, Integer to, String reason,
        Source source) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(source, "source");
        if (from != null) {
            TrafficRule.checkWeight(from);
        }
        if (to != null) {
            TrafficRule.checkWeight(to);
        }
    }

    /** Where a change came from. */
    public enum Source {
        /** An operator through the admin API. */
        API,
        /** The routes file (reload, or state dropped for a route the file no longer has). */
        FILE,
        /** An automated rollout. */
        ROLLOUT;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
