package dev.ficus.gateway.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a routes file the gateway serves the embedded SafeWork demo against its two in-process stubs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "ficus.demo.legacy-port=0", "ficus.demo.modern-port=0"})
class DemoModeIntegrationTests {

    @Autowired
    WebTestClient client;

    @Test
    void servesSurveyFromTheSideNamedInTheHeader() {
        EntityExchangeResult<JsonNode> result = client.get().uri("/survey/1").header("X-User-Id", "alice")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Ficus-Route", "survey")
                .expectBody(JsonNode.class).returnResult();

        JsonNode body = result.getResponseBody();
        assertThat(body.get("side").asText()).isEqualTo(result.getResponseHeaders().getFirst("X-Ficus-Target"));
        assertThat(body.get("uri").asText()).isEqualTo("/survey/1");
        assertThat(body.get("service").asText()).startsWith("safework-");
    }

    @Test
    void staticIsFullyMigratedAndAuthIsNotYet() {
        client.get().uri("/static/app.css").exchange().expectHeader().valueEquals("X-Ficus-Target", "modern");
        client.get().uri("/auth/login").exchange().expectHeader().valueEquals("X-Ficus-Target", "legacy");
    }

    @Test
    void demoSurveySplitsUsersAboutAQuarterToModern() {
        int modern = 0;
        int users = 400;
        for (int i = 0; i < users; i++) {
            String side = client.get().uri("/survey/{n}", i).header("X-User-Id", "demo-user-" + i).exchange()
                    .expectStatus().isOk()
                    .returnResult(String.class).getResponseHeaders().getFirst("X-Ficus-Target");
            modern += "modern".equals(side) ? 1 : 0;
        }
        assertThat(100.0 * modern / users).isBetween(18.0, 32.0);
    }
}
