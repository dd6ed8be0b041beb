package dev.ficus.gateway.routing;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

class EdgeForwardedHeadersFilterTests {

    private static MockServerWebExchange exchange(String peer) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://safework.example.com/survey/1")
                .remoteAddress(new InetSocketAddress(peer, 40000))
                .header("Host", "safework.example.com")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("X-Forwarded-Proto", "https")
                .header("Forwarded", "for=6.6.6.6;proto=https"));
    }

    @Test
    void writesPeerAndDropsForwardingHeadersFromUntrustedClients() {
        MockServerWebExchange exchange = exchange("203.0.113.9");
        HttpHeaders out = new EdgeForwardedHeadersFilter(null).filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(out.get("X-Forwarded-For")).containsExactly("203.0.113.9");
        assertThat(out.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(out.getFirst("X-Forwarded-Host")).isEqualTo("safework.example.com");
        assertThat(out.getFirst("X-Forwarded-Port")).isEqualTo("80");
        assertThat(out.getFirst("Forwarded")).isEqualTo("for=203.0.113.9;proto=http;host=\"safework.example.com\"");
    }

    @Test
    void appendsPeerToChainFromTrustedLoadBalancer() {
        MockServerWebExchange exchange = exchange("10.0.3.4");
        HttpHeaders out = new EdgeForwardedHeadersFilter(Pattern.compile("10\\.0\\.\\d+\\.\\d+"))
                .filter(exchange.getRequest().getHeaders(), exchange);

        assertThat(out.get("X-Forwarded-For")).containsExactly("6.6.6.6, 10.0.3.4");
        assertThat(out.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(out.getFirst("Forwarded")).startsWith("for=6.6.6.6;proto=https, for=10.0.3.4;proto=https");
    }

    @Test
    void quotesIpv6PeersInForwarded() {
        MockServerWebExchange exchange = exchange("::1");
        HttpHeaders out = new EdgeForwardedHeadersFilter(null).filter(new HttpHeaders(), exchange);

        assertThat(out.getFirst("Forwarded")).startsWith("for=\"[0:0:0:0:0:0:0:1]\";");
    }

    @Test
    void namesStrippedPrefix() {
        MockServerWebExchange exchange = exchange("203.0.113.9");
        LinkedHashSet<URI> originals = new LinkedHashSet<>(List.of(URI.create("http://x/api/v2/surveys/7")));
        exchange.getAttributes().put(GATEWAY_ORIGINAL_REQUEST_URL_ATTR, originals);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create("http://modern/surveys/7"));

        HttpHeaders out = new EdgeForwardedHeadersFilter(null).filter(new HttpHeaders(), exchange);

        assertThat(out.getFirst("X-Forwarded-Prefix")).isEqualTo("/api/v2");
    }
}
