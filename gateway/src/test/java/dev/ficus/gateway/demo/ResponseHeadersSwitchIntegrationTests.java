package dev.ficus.gateway.demo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code ficus.response-headers=false} keeps the routing headers off responses. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "ficus.demo.legacy-port=0", "ficus.demo.modern-port=0",
                "ficus.response-headers=false"})
class ResponseHeadersSwitchIntegrationTests {

    @Autowired
    WebTestClient client;

    @Test
    void omitsFicusHeadersWhenSwitchedOff() {
        client.get().uri("/static/app.css").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Demo-Side", "modern")
                .expectHeader().doesNotExist("X-Ficus-Route")
                .expectHeader().doesNotExist("X-Ficus-Target");
    }
}
