package dev.ficus.gateway.routing;

import dev.ficus.rules.RequestView;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetSocketAddress;

/** Shows a WebFlux request to the decision engine. */
final class ExchangeRequestView implements RequestView {

    private final ServerHttpRequest request;

    ExchangeRequestView(ServerHttpRequest request) {
        this.request = request;
    }

    @Override
    public String header(String name) {
        return request.getHeaders().getFirst(name);
    }

    @Override
    public String cookie(String name) {
        HttpCookie cookie = request.getCookies().getFirst(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** The peer address; forwarded-for chains are honoured once trusted proxies are configured (later issue). */
    @Override
    public String clientIp() {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null || remote.getAddress() == null) {
            return null;
        }
        return remote.getAddress().getHostAddress();
    }
}
