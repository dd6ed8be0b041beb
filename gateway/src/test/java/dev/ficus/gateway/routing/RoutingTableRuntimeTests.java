package dev.ficus.gateway.routing;

import dev.ficus.routes.CatalogueLoader;
import dev.ficus.rules.OverridePolicy;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingTableRuntimeTests {

    final RoutingTable table = RoutingTable.compile(CatalogueLoader.parse("""
            routes:
              - id: a
                paths: [/a/**]
                legacy: http://127.0.0.1:1
                modern: http://127.0.0.1:2
                weight: 10
              - id: b
                paths: [/b/**]
                legacy: http://127.0.0.1:1
                modern: http://127.0.0.1:2
                weight: 20
            """, "test"), OverridePolicy.disabled());

    @Test
    void weightChangeRaisesOnlyThatRoutesRevision() {
        RoutingTable next = table.withWeight("a", 50);

        assertThat(next.version()).isEqualTo(table.version() + 1);
        assertThat(next.route("a").runtime()).isEqualTo(new RouteRuntime(50, 2));
        assertThat(next.route("b").runtime()).isEqualTo(new RouteRuntime(20, 1));
        assertThat(table.route("a").rule().weight()).isEqualTo(10);
    }

    @Test
    void changesSeveralRoutesInOneSnapshotAndKeepsRevisionOfUnchangedOnes() {
        RoutingTable next = table.withWeights(Map.of("a", 0, "b", 20));

        assertThat(next.version()).isEqualTo(table.version() + 1);
        assertThat(next.runtime()).containsExactly(Map.entry("a", new RouteRuntime(0, 2)),
                Map.entry("b", new RouteRuntime(20, 1)));
    }

    @Test
    void refusesUnknownRouteWithoutChangingAnything() {
        assertThatThrownBy(() -> table.withWeights(Map.of("a", 0, "zzz", 0)))
                .hasMessageContaining("route: zzz");
    }

    @Test
    void restoresSavedWeightsAndRevisionsIgnoringUnknownIds() {
        RoutingTable restored = table.restore(Map.of("a", new RouteRuntime(75, 9), "gone", new RouteRuntime(5, 2)));

        assertThat(restored.route("a").runtime()).isEqualTo(new RouteRuntime(75, 9));
        assertThat(restored.route("b").runtime()).isEqualTo(new RouteRuntime(20, 1));
        assertThat(restored.route("gone")).isNull();
    }
}
