package dev.ficus.gateway.store;

import java.util.List;

/** Append-only record of every accepted weight change; {@link FileAuditLog} keeps it in a JSON Lines file. */
public interface AuditLog {

    /** Appends one entry durably. */
    void append(AuditEntry entry);

    /**
     * The newest entries first.
     *
     * @param route only this route's entries; {@code null} for all
     * @param limit at most this many
     */
    List<AuditEntry> newest(String route, int limit);
}
