package dev.ficus.gateway.routing;

import dev.ficus.gateway.PropertyChecks;
import dev.ficus.rules.OverridePolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Ficus's own settings ({@code ficus.*}). Proxy tuning (HTTP client pool, timeouts fallback, trusted proxies)
 * stays under Spring Cloud Gateway's {@code spring.cloud.gateway.server.webflux.*}.
 *
 * @param routesFile the routes file (YAML). Unset: the embedded demo runs, with its two stub backends.
 *        Environment: {@code FICUS_ROUTES_FILE}.
 * @param responseHeaders whether every proxied response carries {@code X-Ficus-Route} and {@code X-Ficus-Target}
 *        (default {@code true})
 * @param overrides how testers force a side on routes that allow it
 * @param demo the embedded demo's backends (used only without a routes file)
 * @param reloadInterval how often the routes file is checked for changes (default 1 s; 0 turns hot reload off)
 * @param trustedProxies regex of peer addresses (proxies or load balancers in front of Ficus) whose
 *        {@code X-Forwarded-*} and {@code Forwarded} headers are kept and appended to; unset: none, client-supplied
 *        forwarding headers are dropped and the peer is written. Environment: {@code FICUS_TRUSTED_PROXIES}.
 */
@ConfigurationProperties("ficus")
public record FicusProperties(String routesFile, @DefaultValue("true") boolean responseHeaders,
        @DefaultValue Overrides overrides, @DefaultValue Demo demo,
        @DefaultValue("1s") java.time.Duration reloadInterval, String trustedProxies) {

    public FicusProperties {
        PropertyChecks.notNegative("ficus.reload-interval", reloadInterval, "0 turns hot reload off");
    }

    /** {@link #trustedProxies()} compiled; {@code null} when unset. */
    public java.util.regex.Pattern trustedProxiesPattern() {
        if (trustedProxies == null || trustedProxies.isBlank()) {
            return null;
        }
        try {
            return java.util.regex.Pattern.compile(trustedProxies.strip());
        }
        catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("ficus.trusted-proxies: " + trustedProxies
                    + " (expected: a Java regex of proxy addresses): " + e.getDescription(), e);
        }
    }

    /** The configured routes file; empty in demo mode. */
    public Optional<Path> routesPath() {
        return routesFile == null || routesFile.isBlank() ? Optional.empty() : Optional.of(Path.of(routesFile.strip()));
    }

    /** Whether the embedded demo runs: exactly when no routes file is configured. */
    public boolean demoMode() {
        return routesPath().isEmpty();
    }

    /**
     * Override settings shared by every route whose routes-file entry says {@code overrides: true}.
     *
     * @param header request header naming the forced side (default {@code X-Ficus-Target})
     * @param cookie cookie naming the forced side (default {@code ficus-target})
     * @param tokenHeader header that carries the shared token (default {@code X-Ficus-Override-Token})
     * @param token shared secret an override must carry; unset means overrides need no token (a warning is logged
     *        when a route allows overrides without one). Environment: {@code FICUS_OVERRIDES_TOKEN}.
     */
    public record Overrides(@DefaultValue(OverridePolicy.DEFAULT_HEADER) String header,
            @DefaultValue(OverridePolicy.DEFAULT_COOKIE) String cookie,
            @DefaultValue(OverridePolicy.DEFAULT_TOKEN_HEADER) String tokenHeader, String token) {

        public Overrides {
            PropertyChecks.notBlank("ficus.overrides.header", header, "a header name");
            PropertyChecks.notBlank("ficus.overrides.cookie", cookie, "a cookie name");
            PropertyChecks.notBlank("ficus.overrides.token-header", tokenHeader, "a header name");
        }

        /** The policy for routes that allow overrides. */
        public OverridePolicy policy() {
            return new OverridePolicy(true, header, cookie, tokenHeader, token);
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Overrides[header=" + header + ", cookie=" + cookie + ", tokenHeader=" + tokenHeader + ", token="
                    + (token == null || token.isBlank() ? "none" : "****") + "]";
        }
    }

    /**
     * The embedded demo's stub backends.
     *
     * @param legacyPort port of the stub monolith (default 18081; 0 picks a free port)
     * @param modernPort port of the stub new service (default 18082; 0 picks a free port)
     */
    public record Demo(@DefaultValue("18081") int legacyPort, @DefaultValue("18082") int modernPort) {

        public Demo {
            PropertyChecks.port("ficus.demo.legacy-port", legacyPort);
            PropertyChecks.port("ficus.demo.modern-port", modernPort);
        }
    }
}
