package dev.ficus.gateway.admin;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The published OpenAPI file describes exactly the endpoints the admin router serves. */
class AdminOpenApiTests {

    @Test
    @SuppressWarnings("unchecked")
    void describesEveryAdminEndpoint() throws IOException {
        Map<String, Object> spec;
        try (Reader reader = Files.newBufferedReader(Path.of("..", "docs", "admin-openapi.yaml"))) {
            spec = new Yaml().load(reader);
        }
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");

        assertThat(spec.get("openapi")).isEqualTo("3.0.3");
        assertThat(paths).containsOnlyKeys("/admin/routes", "/admin/routes/{id}", "/admin/routes/{id}/weight",
                "/admin/rollback", "/admin/audit", "/admin/routes/{id}/rollout", "/admin/routes/{id}/rollout/pause",
                "/admin/routes/{id}/rollout/resume", "/admin/routes/{id}/rollout/promote",
                "/admin/routes/{id}/rollout/abort");
        assertThat(paths.get("/admin/routes/{id}/rollout")).containsKeys("get", "post");
        assertThat(paths.get("/admin/routes/{id}/weight")).containsKey("put");
        assertThat(paths.get("/admin/rollback")).containsKey("post");
        assertThat(paths.get("/admin/audit")).containsKey("get");
        Map<String, Object> startRollout = (Map<String, Object>) paths.get("/admin/routes/{id}/rollout").get("post");
        Map<String, Object> bodySchema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) startRollout.get("requestBody")).get("content")).get("application/json"))
                .get("schema");
        assertThat((Map<String, Object>) bodySchema.get("properties")).containsOnlyKeys("steps", "hold", "interval",
                "maxErrorRate", "maxP99", "maxP50", "minRequests", "maxErrorRateDelta", "failedIntervals",
                "safeWeight");
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) spec.get("components")).get("schemas");
        assertThat((Map<String, Object>) schemas.get("Route").get("properties")).containsKeys("traffic", "rollout",
                "breakers");
        assertThat((Map<String, Object>) schemas.get("SideTraffic").get("properties"))
                .containsOnlyKeys("requests", "failures", "errorRate", "p50Ms", "p99Ms", "rps");
    }
}
