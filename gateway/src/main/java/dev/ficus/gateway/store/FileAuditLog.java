package dev.ficus.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * The audit log as a JSON Lines file ({@code audit.jsonl}): one entry per line, only ever appended (and forced to
 * disk), read back newest first. Each entry is also logged at INFO by the {@code dev.ficus.audit} logger.
 */
public final class FileAuditLog implements AuditLog {

    public static final String FILE_NAME = "audit.jsonl";

    private static final Logger log = LoggerFactory.getLogger(FileAuditLog.class);
    private static final Logger audit = LoggerFactory.getLogger("dev.ficus.audit");

    private final Path file;
    private final ObjectMapper json;

    public FileAuditLog(Path directory, ObjectMapper json) {
        this.file = directory.resolve(FILE_NAME);
        this.json = json.copy().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        byte[] line;
        try {
            line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        }
        catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("audit file: " + file + " cannot be appended to", e);
        }
        audit.info("{} set route {} weight {} -> {} (source: {}, reason: {})", entry.actor(), entry.route(),
                entry.from(), entry.to(), entry.source().id(), entry.reason());
    }

    @Override
    public synchronized List<AuditEntry> newest(String route, int limit) {
        Deque<AuditEntry> newest = new ArrayDeque<>(Math.min(limit, 1024));
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                AuditEntry entry = parse(line);
                if (entry == null || (route != null && !route.equals(entry.route()))) {
                    return;
                }
                newest.addFirst(entry);
                if (newest.size() > limit) {
                    newest.removeLast();
                }
            });
        }
        catch (NoSuchFileException e) {
            return List.of();
        }
        catch (IOException e) {
            throw new UncheckedIOException("audit file: " + file + " cannot be read", e);
        }
        return List.copyOf(new ArrayList<>(newest));
    }

    private AuditEntry parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            return json.readValue(line, AuditEntry.class);
        }
        catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("audit file: {} has an unreadable line, skipped: {}", file, line);
            return null;
        }
    }
}
