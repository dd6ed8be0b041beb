package dev.ficus.gateway.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ficus.gateway.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dashboards/ficus.json} stays importable and in step with the metrics the gateway publishes: every panel
 * queries something, and every metric its PromQL names appears in the real {@code /actuator/prometheus} text of a
 * gateway that served traffic (a request, a fallback) and runs a rollout, so renaming a meter or a label value the
 * dashboard relies on breaks this test.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "ficus.admin.tokens[0].name=olivia", "ficus.admin.tokens[0].token=" + GrafanaDashboardTests.OPERATOR,
        "ficus.admin.tokens[0].role=operator"})
class GrafanaDashboardTests {

    static final String OPERATOR = "operator-token-0123456789";
    static final WireMockServer legacy = TestBackends.start();
    static final WireMockServer modern = TestBackends.start();

    @Autowired
    WebTestClient client;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        TestBackends.reset(legacy, "legacy");
        TestBackends.reset(modern, "modern");
        modern.stubFor(any(urlPathMatching("/shaky/.*")).willReturn(aResponse().withStatus(503)));
        TestBackends.useRoutes(registry, """
                routes:
                  - id: survey
                    paths: [/survey/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 0
                  - id: shaky
                    paths: [/shaky/**]
                    legacy: http://127.0.0.1:%1$d
                    modern: http://127.0.0.1:%2$d
                    weight: 100
                """.formatted(legacy.port(), modern.port()));
    }

    @AfterAll
    static void stop() {
        legacy.stop();
        modern.stop();
    }

    private static final Path DASHBOARD = Path.of("..", "dashboards", "ficus.json").toAbsolutePath().normalize();
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
        client.get().uri("/survey/1").exchange().expectStatus().isOk();
        client.get().uri("/shaky/1").exchange().expectStatus().isOk().expectHeader().valueEquals("X-Ficus-Fallback",
                "true");
        management().post().uri("/admin/routes/survey/rollout").header("Authorization", "Bearer " + OPERATOR)
                .exchange().expectStatus().isCreated();
        String text = management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Set<String> published = publishedMetrics(text);

        Set<String> used = new TreeSet<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.get("targets")) {
                used.addAll(metricNames(target.get("expr").asText()));
            }
        }
        assertThat(used).isSubsetOf(published)
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

    /**
     * The label values the dashboard matches exactly: {@code side="modern"} and {@code result!="success"} (the
     * upstream-call result of a successful call; MetricsIntegrationTests checks both are written).
     */
    @Test
    void filtersOnLabelValuesTheGatewayWrites() {
        Matcher matcher = Pattern.compile("(\\w+)(!?=)\"([a-z|]+)\"").matcher(dashboard.toString().replace("\\\"", "\""));
        Set<String> filters = new TreeSet<>();
        while (matcher.find()) {
            filters.add(matcher.group(1) + "=" + matcher.group(3));
        }
        assertThat(filters).containsExactlyInAnyOrder("side=modern", "result=success");
    }

    /** Metric names in Prometheus exposition text. */
    static Set<String> publishedMetrics(String text) {
        Set<String> names = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher matcher = IDENTIFIER.matcher(line);
                if (matcher.lookingAt()) {
                    names.add(matcher.group());
                }
            }
        }
        return names;
    }

    private WebTestClient management() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(java.time.Duration.ofSeconds(20)).build();
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
