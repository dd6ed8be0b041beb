package dev.ficus.gateway.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ficus.gateway.routing.RouteRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runtime state in one JSON file, {@code {"routes": {"survey": {"weight": 25, "revision": 3}}, "rollouts": {…}}},
 * replaced
 * atomically on every save: written to a temporary file in the same directory, forced to disk, then renamed over
 * the old one. A crash leaves the old or the new file, never half of one.
 *
 * <p>Weights and rollouts are saved by different writers (admin API, rollout runtime), each rewriting the whole
 * file with the other part as last saved or loaded; saves are serialised here.
 */
public final class FileRuntimeStateStore implements RuntimeStateStore {

    public static final String FILE_NAME = "state.json";

    private final Path file;
    private final ObjectMapper json;
    /** Instants and durations as ISO-8601 text, exact to the nanosecond, whatever the application mapper does. */
    private final ObjectMapper rolloutJson;
    private Map<String, RouteRuntime> lastRoutes;
    private Map<String, SavedRollout> lastRollouts;

    public FileRuntimeStateStore(Path directory, ObjectMapper json) {
        this.file = directory.resolve(FILE_NAME);
        this.json = json;
        this.rolloutJson = json.copy().findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<Map<String, RouteRuntime>> load() {
        return readTree().map(root -> parseOrCorrupt(() -> parse(root)));
    }

    @Override
    public synchronized Map<String, SavedRollout> loadRollouts() {
        return readTree().map(root -> parseOrCorrupt(() -> parseRollouts(root))).orElse(Map.of());
    }

    private Map<String, SavedRollout> parseRollouts(JsonNode root) {
        JsonNode rollouts = root == null ? null : root.get("rollouts");
        if (rollouts == null || rollouts.isNull()) {
            return Map.of();
        }
        try {
            return rolloutJson.convertValue(rollouts, new TypeReference<LinkedHashMap<String, SavedRollout>>() { });
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rollouts: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private <T> T parseOrCorrupt(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        }
        catch (IllegalArgumentException e) {
            throw corrupt(e);
        }
    }

    private CorruptStateException corrupt(Exception e) {
        return new CorruptStateException("state file: " + file + " is not valid runtime state ("
                + e.getMessage().lines().findFirst().orElse("") + ")"
                + " (expected: {\"routes\": {\"<id>\": {\"weight\": 0..100, \"revision\": >= 1}}})", e);
    }

    private Optional<JsonNode> readTree() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException("state file: " + file + " cannot be read", e);
        }
        try {
            JsonNode tree = json.readTree(bytes);
            return Optional.of(tree == null ? MissingNode.getInstance() : tree);
        }
        catch (IOException e) {
            throw corrupt(e);
        }
    }

    private static Map<String, RouteRuntime> parse(JsonNode root) {
        JsonNode routes = root == null ? null : root.get("routes");
        if (routes == null || !routes.isObject()) {
            throw new IllegalArgumentException("routes: " + routes + " (expected: an object)");
        }
        Map<String, RouteRuntime> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = routes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode weight = entry.getValue().get("weight");
            JsonNode revision = entry.getValue().get("revision");
            if (weight == null || !weight.isIntegralNumber() || !weight.canConvertToInt()) {
                throw new IllegalArgumentException("routes." + entry.getKey() + ".weight: " + weight
                        + " (expected: an integer 0..100)");
            }
            if (revision != null && (!revision.isIntegralNumber() || revision.asLong() < 1)) {
                throw new IllegalArgumentException("routes." + entry.getKey() + ".revision: " + revision
                        + " (expected: an integer >= 1)");
            }
            result.put(entry.getKey(), new RouteRuntime(weight.intValue(), revision == null ? 1 : revision.asLong()));
        }
        return result;
    }

    @Override
    public synchronized void save(Map<String, RouteRuntime> routes) {
        write(Map.copyOf(routes), lastRollouts != null ? lastRollouts : loadRolloutsOrNone());
    }

    @Override
    public synchronized void saveRollouts(Map<String, SavedRollout> rollouts) {
        write(lastRoutes != null ? lastRoutes : load().orElse(Map.of()), Map.copyOf(rollouts));
    }

    /** A corrupt rollouts part must not stop weights from being saved: it is then dropped (and logged by the caller). */
    private Map<String, SavedRollout> loadRolloutsOrNone() {
        try {
            return loadRollouts();
        }
        catch (CorruptStateException e) {
            return Map.of();
        }
    }

    private void write(Map<String, RouteRuntime> routes, Map<String, SavedRollout> rollouts) {
        ObjectNode root = json.createObjectNode();
        ObjectNode byId = root.putObject("routes");
        routes.forEach((id, runtime) -> byId.putObject(id)
                .put("weight", runtime.weight())
                .put("revision", runtime.revision()));
        if (!rollouts.isEmpty()) {
            root.set("rollouts", rolloutJson.valueToTree(new TreeMap<>(rollouts)));
        }
        writeFile(root);
        lastRoutes = routes;
        lastRollouts = rollouts;
    }

    private void writeFile(ObjectNode root) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    channel.force(true);
                }
                move(temp);
            }
            finally {
                Files.deleteIfExists(temp);
            }
            forceDirectory();
        }
        catch (IOException e) {
            throw new UncheckedIOException("state file: " + file + " cannot be written", e);
        }
    }

    private void move(Path temp) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException e) {
            throw new IOException("state dir: " + file.getParent()
                    + " does not support atomic rename (expected: a local file system)", e);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is then best effort. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open directories; the rename is still atomic there.
        }
    }

    @Override
    public String discardCorrupt() {
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return aside.toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException("state file: " + file + " cannot be moved aside", e);
        }
    }
}
