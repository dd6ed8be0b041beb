package dev.ficus.gateway.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.gateway.routing.RouteRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileStoreTests {

    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void savesAndLoadsRuntimeStateLeavingNoTemporaryFile() throws IOException {
        FileRuntimeStateStore store = new FileRuntimeStateStore(dir.resolve("nested"), json);
        assertThat(store.load()).isEmpty();

        store.save(Map.of("survey", new RouteRuntime(25, 3)));
        store.save(Map.of("survey", new RouteRuntime(50, 4), "auth", new RouteRuntime(0, 1)));

        assertThat(store.load()).contains(Map.of("survey", new RouteRuntime(50, 4), "auth", new RouteRuntime(0, 1)));
        try (var files = Files.list(dir.resolve("nested"))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void reportsCorruptStateWithFileAndExpectation() throws IOException {
        FileRuntimeStateStore store = new FileRuntimeStateStore(dir, json);
        Files.writeString(store.file(), "{\"routes\": {\"survey\": {\"weight\": \"high\"}}}");

        assertThatThrownBy(store::load).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining(store.file().toString())
                .hasMessageContaining("routes.survey.weight: \"high\"")
                .hasMessageContaining("expected");

        String aside = store.discardCorrupt();
        assertThat(store.file()).doesNotExist();
        assertThat(Path.of(aside)).exists();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void appendsAuditEntriesAndReadsThemNewestFirstByRoute() throws IOException {
        FileAuditLog audit = new FileAuditLog(dir, json);
        assertThat(audit.newest(null, 10)).isEmpty();
        audit.append(entry("survey", 0, 25, "t1"));
        audit.append(entry("auth", 0, 10, "t2"));
        audit.append(entry("survey", 25, 50, "t3"));
        Files.writeString(audit.file(), "not json\n", java.nio.file.StandardOpenOption.APPEND);

        assertThat(audit.newest(null, 10)).extracting(AuditEntry::reason).containsExactly("t3", "t2", "t1");
        assertThat(audit.newest("survey", 1)).extracting(AuditEntry::to).containsExactly(50);
        assertThat(Files.readAllLines(audit.file()).get(0))
                .contains("\"source\":\"api\"").contains("\"time\":\"2026-01-01T00:00:00Z\"");
        assertThat(new FileAuditLog(dir, json).newest(null, 10)).hasSize(3);
    }

    private static AuditEntry entry(String route, int from, int to, String reason) {
        return new AuditEntry(Instant.parse("2026-01-01T00:00:00Z"), "olivia", route, from, to, reason,
                AuditEntry.Source.API);
    }

    @Test
    void keepsRolloutsAndWeightsSideBySideAndReadsOlderFilesWithoutRollouts() throws IOException {
        ObjectMapper timeAware = com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules().build();
        Files.writeString(dir.resolve("state.json"), "{\"routes\": {\"survey\": {\"weight\": 25, \"revision\": 2}}}");
        FileRuntimeStateStore store = new FileRuntimeStateStore(dir, timeAware);
        assertThat(store.loadRollouts()).isEmpty();
        dev.ficus.rules.rollout.RolloutPlan plan = dev.ficus.rules.rollout.RolloutPlan.builder().steps(25, 50, 100)
                .maxP50(java.time.Duration.ofMillis(50)).build();
        dev.ficus.rules.rollout.Rollout rollout = dev.ficus.rules.rollout.Rollout.create(plan,
                java.time.Clock.systemUTC());
        rollout.start(0);

        store.saveRollouts(Map.of("survey", SavedRollout.of(plan, rollout.snapshot())));
        store.save(Map.of("survey", new RouteRuntime(50, 3)));

        FileRuntimeStateStore reread = new FileRuntimeStateStore(dir, timeAware);
        assertThat(reread.load()).contains(Map.of("survey", new RouteRuntime(50, 3)));
        SavedRollout saved = reread.loadRollouts().get("survey");
        assertThat(saved.plan()).isEqualTo(plan);
        assertThat(saved.snapshot()).isEqualTo(rollout.snapshot());
    }
}
