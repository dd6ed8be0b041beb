package dev.ficus.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dashboards/ficus.json} stays importable and in step with the metrics the gateway publishes: every panel
 * queries something, and every metric its PromQL names is one of {@link #KNOWN_METRICS} (so renaming a meter
 * without the dashboard breaks this test).
 */
class GrafanaDashboardTests {

    /** Prometheus names of the meters the gateway registers (Micrometer adds _seconds_*, _total). */
    static final Set<String> KNOWN_METRICS = Set.of(
            "ficus_requests_seconds_count", "ficus_requests_seconds_bucket", "ficus_requests_seconds_sum",
            "ficus_upstream_calls_seconds_count", "ficus_upstream_calls_seconds_bucket",
            "ficus_upstream_calls_seconds_sum",
            "ficus_route_weight", "ficus_rollout_step", "ficus_rollout_state", "ficus_fallbacks_total",
            "ficus_catalogue_reloads_total", "resilience4j_circuitbreaker_state");

    private static final Path DASHBOARD = Path.of("..", "dashboards", "ficus.json");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "and", "or", "unless", "bool", "offset");

    private final JsonNode dashboard = read();

    @Test
    void declaresPrometheusInputAndRouteVariable() {
        assertThat(dashboard.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(dashboard.at("/__inputs/0/pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        JsonNode route = dashboard.at("/templating/list/0");
        assertThat(route.get("name").asText()).isEqualTo("route");
        assertThat(route.at("/query/query").asText()).isEqualTo("label_values(ficus_route_weight, route)");
        assertThat(route.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
    }

    @Test
    void everyPanelHasTargetsOnThePrometheusInput() {
        List<JsonNode> panels = panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.get("title").asText();
            assertThat(ids.add(panel.get("id").asInt())).as("unique id of %s", title).isTrue();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.get("targets")).as("targets of %s", title).isNotEmpty();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.path("expr").asText()).as("expr in %s", title).isNotBlank();
                assertThat(metricNames(target.get("expr").asText())).as("metrics in %s", title).isNotEmpty();
            }
        }
    }

    @Test
    void queriesOnlyMetricsTheGatewayPublishes() {
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.get("targets")) {
                used.addAll(metricNames(target.get("expr").asText()));
            }
        }
        assertThat(used).isSubsetOf(KNOWN_METRICS)
                .contains("ficus_requests_seconds_count", "ficus_requests_seconds_bucket", "ficus_route_weight",
                        "ficus_upstream_calls_seconds_count", "resilience4j_circuitbreaker_state",
                        "ficus_fallbacks_total", "ficus_rollout_step", "ficus_rollout_state",
                        "ficus_catalogue_reloads_total");
    }

    @Test
    void findsMetricNamesButNotFunctionsLabelsOrStrings() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, side) (rate(ficus_requests_seconds_bucket"
                + "{route=~\"$route\", side=\"modern\"}[$__rate_interval]))) / ficus_renamed_total"))
                .containsExactlyInAnyOrder("ficus_requests_seconds_bucket", "ficus_renamed_total");
    }

    /** Metric names in a PromQL expression: identifiers outside strings, label sets, ranges and by(…) lists. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String word = matcher.group();
            boolean function = bare.substring(matcher.end()).stripLeading().startsWith("(");
            boolean number = matcher.start() > 0 && Character.isDigit(bare.charAt(matcher.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    private List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (!"row".equals(panel.get("type").asText())) {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        }
        catch (IOException e) {
            throw new IllegalStateException("dashboard: " + DASHBOARD.toAbsolutePath() + " unreadable", e);
        }
    }
}
