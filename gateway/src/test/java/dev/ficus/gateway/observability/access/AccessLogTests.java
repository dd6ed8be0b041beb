package dev.ficus.gateway.observability.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.gateway.observability.CompletedRequest;
import dev.ficus.gateway.observability.Outcome;
import dev.ficus.gateway.routing.FicusExchangeAttributes;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogTests {

    private final AccessLog log = new AccessLog(Clock.fixed(Instant.parse("2026-11-23T05:00:00Z"), ZoneOffset.UTC),
            Pattern.compile("10\\.0\\.0\\.\\d+"));

    @Test
    void escapesQuotesBackslashesAndNewlinesFromHeaders() throws Exception {
        String forged = "1.2.3.4\"} {\"injected\": \"x\\\nnext";
        MockServerWebExchange exchange = exchange("10.0.0.7", forged);
        exchange.getAttributes().put(FicusExchangeAttributes.PATH_TEMPLATE, "/survey/**");

        String line = log.line(request(exchange));

        assertThat(line).doesNotContain("\n").startsWith("{").endsWith("}");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.get("clientIp").asText()).isEqualTo(forged);
        assertThat(json.has("injected")).isFalse();
        assertThat(json.get("path").asText()).isEqualTo("/survey/**");
        assertThat(json.get("time").asText()).isEqualTo("2026-11-23T05:00:00Z");
        assertThat(json.get("latencyMs").asDouble()).isEqualTo(12.346);
        assertThat(json.get("upstreamMs").isNull()).isTrue();
    }

    @Test
    void writesTheSameJsonAsJacksonsGeneratorForEveryControlCharacterAndTime() throws Exception {
        StringBuilder forged = new StringBuilder("a\u00e9\u2028 \"\\/");
        for (char c = 0; c < 0x20; c++) {
            forged.append(c);
        }
        forged.append('z'); // strip() would take trailing control characters off the address
        MockServerWebExchange exchange = exchange("10.0.0.7", forged.toString());
        Instant at = Instant.parse("2026-11-23T05:00:00.000120Z");
        AccessLog micros = new AccessLog(Clock.fixed(at, ZoneOffset.UTC), Pattern.compile("10\\.0\\.0\\.\\d+"));

        String line = micros.line(new CompletedRequest(exchange, "survey", "GET", null, null, null, 200,
                Outcome.SUCCESS, 0, 400_000, 1_500_000));

        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(line);
        assertThat(json.get("clientIp").asText()).isEqualTo(forged.toString());
        assertThat(json.get("time").asText()).isEqualTo(at.toString()).isEqualTo("2026-11-23T05:00:00.000120Z");
        // byte for byte what Jackson writes for the same values (escapes, number format)
        assertThat(line).contains(",\"clientIp\":" + mapper.writeValueAsString(forged.toString()) + "}")
                .contains("\"latencyMs\":" + mapper.writeValueAsString(0.4) + ",")
                .contains("\"upstreamMs\":1.5,");
        for (int nanos : new int[] {0, 5_000_000, 123_456_000, 123_456_789}) {
            Instant time = at.plusSeconds(86_400).with(ChronoField.NANO_OF_SECOND, nanos);
            String written = new AccessLog(Clock.fixed(time, ZoneOffset.UTC), null).line(request(exchange));
            assertThat(mapper.readTree(written).get("time").asText()).isEqualTo(time.toString());
        }
    }

    @Test
    void honoursForwardedForOnlyFromTrustedProxies() {
        assertThat(log.clientIp(exchange("203.0.113.9", "198.51.100.1").getRequest())).isEqualTo("203.0.113.9");
        assertThat(log.clientIp(exchange("10.0.0.7", "198.51.100.1").getRequest())).isEqualTo("198.51.100.1");
        // The right-most address that is not a trusted proxy: what the client put first is not believed.
        assertThat(log.clientIp(exchange("10.0.0.7", "6.6.6.6, 198.51.100.1, 10.0.0.3").getRequest()))
                .isEqualTo("198.51.100.1");
        assertThat(log.clientIp(exchange("10.0.0.7", null).getRequest())).isEqualTo("10.0.0.7");
    }

    private static MockServerWebExchange exchange(String peer, String forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/survey/42")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return MockServerWebExchange.from(request);
    }

    private static CompletedRequest request(MockServerWebExchange exchange) {
        return new CompletedRequest(exchange, "survey", "GET", null, null, null, 200, Outcome.SUCCESS, 0,
                12_345_678, -1);
    }
}
