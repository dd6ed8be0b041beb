package dev.ficus.gateway.observability.metrics;

import dev.ficus.gateway.observability.CompletedRequest;
import dev.ficus.gateway.observability.Outcome;
import dev.ficus.gateway.observability.UpstreamCall;
import dev.ficus.gateway.resilience.FailureReason;
import dev.ficus.gateway.routing.RoutingTable;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditEntry;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.routes.CatalogueLoader;
import dev.ficus.rules.OverridePolicy;
import dev.ficus.rules.Side;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Route gauges and meters follow routing table swaps: weights change, removed routes leave no series. */
class RouteMetersFollowTableTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void weightGaugesFollowSwapsAndRemovedRoutesLoseTheirMeters() {
        RoutingTableHolder tables = new RoutingTableHolder(table("a", "b"));
        TrafficMetrics traffic = new TrafficMetrics(registry);
        tables.addListener(new RouteWeightGauges(tables, registry)::follow);
        tables.addListener(traffic::follow);
        traffic.onUpstreamCall(new UpstreamCall("b", Side.MODERN, 1_000, FailureReason.TIMEOUT, 0));
        traffic.onRequest(new CompletedRequest(null, "b", "GET", null, Side.LEGACY, "timeout", 200,
                Outcome.FALLBACK, 0, 2_000, 1_000));
        registry.counter("ficus.fallbacks", "route", "b", "from", "modern", "reason", "timeout").increment();

        tables.update(table -> table.withWeight("a", 30));
        assertThat(registry.get("ficus.route.weight").tag("route", "a").gauge().value()).isEqualTo(30);
        assertThat(registry.find("ficus.requests").tag("route", "b").timer().count()).isEqualTo(1);

        tables.update(current -> table("a", "c"));
        assertThat(registry.find("ficus.route.weight").tag("route", "b").gauge()).isNull();
        assertThat(registry.find("ficus.route.weight").tag("route", "c").gauge()).isNotNull();
        assertThat(registry.find("ficus.requests").tag("route", "b").meters()).isEmpty();
        assertThat(registry.find("ficus.upstream.calls").tag("route", "b").meters()).isEmpty();
        assertThat(registry.find("ficus.fallbacks").tag("route", "b").meters()).isEmpty();
    }

    @Test
    void countsAuditedChangesBySourceAndKind() {
        List<AuditEntry> appended = new ArrayList<>();
        AuditLog audit = new MeteredAuditLog(new AuditLog() {
            @Override
            public void append(AuditEntry entry) {
                appended.add(entry);
            }

            @Override
            public List<AuditEntry> newest(String route, int limit) {
                return List.copyOf(appended);
            }
        }, () -> registry);

        audit.append(new AuditEntry(Instant.EPOCH, "olivia", "a", 0, 25, null, AuditEntry.Source.API));
        audit.append(new AuditEntry(Instant.EPOCH, "rollout", "a", 50, 0, "p99", AuditEntry.Source.ROLLOUT));
        audit.append(new AuditEntry(Instant.EPOCH, "file", "a", 50, null, "removed", AuditEntry.Source.FILE));

        assertThat(appended).hasSize(3);
        assertThat(registry.get("ficus.admin.changes").tags("source", "api", "kind", "raise").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("ficus.admin.changes").tags("source", "rollout", "kind", "lower").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("ficus.admin.changes").tags("source", "file", "kind", "remove").counter().count())
                .isEqualTo(1);
    }

    @Test
    void boundsMethodAndStatusTags() {
        assertThat(MetricTags.method("GET")).isEqualTo("GET");
        assertThat(MetricTags.method("PURGE")).isEqualTo("OTHER");
        assertThat(MetricTags.method("get")).isEqualTo("OTHER");
        assertThat(MetricTags.statusClass(204)).isEqualTo("2xx");
        assertThat(MetricTags.statusClass(499)).isEqualTo("4xx");
        assertThat(MetricTags.statusClass(999)).isEqualTo("OTHER");
    }

    private static RoutingTable table(String... ids) {
        StringBuilder yaml = new StringBuilder("routes:\n");
        for (String id : ids) {
            yaml.append("  - id: ").append(id).append("\n    paths: [/").append(id).append("/**]\n")
                    .append("    legacy: http://127.0.0.1:1\n    modern: http://127.0.0.1:2\n");
        }
        return RoutingTable.compile(CatalogueLoader.parse(yaml.toString(), "test"), OverridePolicy.disabled());
    }
}
