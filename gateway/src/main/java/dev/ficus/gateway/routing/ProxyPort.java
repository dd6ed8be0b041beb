package dev.ficus.gateway.routing;

import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetSocketAddress;

/**
 * The port the proxy (main) server bound, learned once it has started. The management server's context inherits
 * the web filters and shares the observation registry, so what is traffic and what is not is told apart by the
 * local port a request arrived on.
 */
public final class ProxyPort {

    private volatile int port;

    /** Set once the main server (not the management one) has bound its port. */
    public void set(int port) {
        this.port = port;
    }

    /**
     * Whether {@code request} arrived on the proxy port. Until the port is known (and when it is {@code 0}) every
     * request is taken for a proxied one.
     */
    public boolean carries(ServerHttpRequest request) {
        int known = port;
        if (known <= 0) {
            return true;
        }
        InetSocketAddress local = request.getLocalAddress();
        return local == null || local.getPort() == known;
    }
}
