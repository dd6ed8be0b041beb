package dev.ficus.gateway.routing;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/**
 * Writes {@code X-Forwarded-For/-Proto/-Host/-Port/-Prefix} and {@code Forwarded} (RFC 7239) on every proxied
 * request, as an edge proxy must.
 *
 * <p>Spring Cloud Gateway's own filters add these only when the <em>peer</em> is a trusted proxy, which at the edge
 * means never. Here the peer is always written; what the client sent is kept (and appended to) only when the peer
 * matches {@code ficus.trusted-proxies}, otherwise it is dropped so clients cannot forge their address. Both
 * families are left out of the copy this filter makes, so Spring Cloud Gateway's own remove-filters are not
 * registered ({@link RedundantHeaderFilters}).
 */
public final class EdgeForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
    private static final String X_FORWARDED_HOST = "X-Forwarded-Host";
    private static final String X_FORWARDED_PORT = "X-Forwarded-Port";
    private static final String X_FORWARDED_PREFIX = "X-Forwarded-Prefix";
    private static final String FORWARDED = "Forwarded";

    private final Pattern trustedProxies;

    /** @param trustedProxies regex of peer addresses whose forwarding headers are kept; {@code null}: none */
    public EdgeForwardedHeadersFilter(Pattern trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders incoming = request.getHeaders();
        HttpHeaders out = new WritableHeaders();
        input.forEach((name, values) -> {
            if (!isForwarding(name)) {
                out.addAll(name, values);
            }
        });

        String peer = peerAddress(request);
        boolean trusted = peer != null && trustedProxies != null && trustedProxies.matcher(peer).matches();
        String proto = trustedValue(trusted, incoming, X_FORWARDED_PROTO, request.getURI().getScheme());
        String host = trustedValue(trusted, incoming, X_FORWARDED_HOST, incoming.getFirst(HttpHeaders.HOST));
        String port = trustedValue(trusted, incoming, X_FORWARDED_PORT, port(request.getURI()));

        String chain = trusted ? String.join(", ", incoming.getOrEmpty(X_FORWARDED_FOR)) : "";
        if (peer != null) {
            out.set(X_FORWARDED_FOR, chain.isEmpty() ? peer : chain + ", " + peer);
        }
        out.set(X_FORWARDED_PROTO, proto);
        if (host != null) {
            out.set(X_FORWARDED_HOST, host);
        }
        out.set(X_FORWARDED_PORT, port);
        String prefix = strippedPrefix(exchange);
        if (prefix != null) {
            out.set(X_FORWARDED_PREFIX, prefix);
        }
        out.set(FORWARDED, forwarded(trusted ? incoming.getOrEmpty(FORWARDED) : List.of(), peer, proto, host));
        return out;
    }

    /** {@code X-Forwarded-*} or {@code Forwarded}, in any case, without lower-casing every header name. */
    private static boolean isForwarding(String name) {
        return name.regionMatches(true, 0, "x-forwarded-", 0, 12) || name.equalsIgnoreCase(FORWARDED);
    }

    /**
     * Whether {@code headers} is this filter's own output: a fresh, writable copy that filters running after it
     * (such as {@code TraceContextHeadersFilter}) may add to in place instead of copying it again.
     */
    public static boolean isWritableCopy(HttpHeaders headers) {
        return headers instanceof WritableHeaders;
    }

    /** Marks the headers this filter creates (see {@link #isWritableCopy}). */
    private static final class WritableHeaders extends HttpHeaders {
    }

    private static String trustedValue(boolean trusted, HttpHeaders incoming, String name, String own) {
        String sent = trusted ? incoming.getFirst(name) : null;
        return sent != null ? sent.split(",")[0].strip() : own;
    }

    private static String forwarded(List<String> previous, String peer, String proto, String host) {
        StringBuilder element = new StringBuilder();
        if (peer != null) {
            element.append("for=").append(peer.indexOf(':') >= 0 ? "\"[" + peer + "]\"" : peer).append(';');
        }
        element.append("proto=").append(proto);
        if (host != null) {
            element.append(";host=\"").append(host.replace("\"", "")).append('"');
        }
        if (previous.isEmpty()) {
            return element.toString();
        }
        return String.join(", ", previous) + ", " + element;
    }

    private static String peerAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
    }

    private static String port(URI uri) {
        if (uri.getPort() >= 0) {
            return Integer.toString(uri.getPort());
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? "443" : "80";
    }

    /** The path prefix removed by strip-prefix or a rewrite, when the rest of the path is unchanged. */
    private static String strippedPrefix(ServerWebExchange exchange) {
        LinkedHashSet<URI> originals = exchange.getAttribute(GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        URI routed = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (originals == null || originals.isEmpty() || routed == null) {
            return null;
        }
        String original = originals.iterator().next().getRawPath();
        String forwarded = routed.getRawPath();
        if (original.endsWith(forwarded) && original.length() > forwarded.length()) {
            return original.substring(0, original.length() - forwarded.length());
        }
        return null;
    }
}
