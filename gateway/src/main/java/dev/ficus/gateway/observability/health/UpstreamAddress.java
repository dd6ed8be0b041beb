package dev.ficus.gateway.observability.health;

import java.net.URI;
import java.util.Locale;

/** Where a route side connects: scheme, host and port (the default port of the scheme when the URI names none). */
record UpstreamAddress(String scheme, String host, int port) {

    static UpstreamAddress of(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
        return new UpstreamAddress(scheme, uri.getHost(), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
