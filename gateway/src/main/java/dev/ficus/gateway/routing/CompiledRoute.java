package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteDefinition;
import dev.ficus.routes.Upstream;
import dev.ficus.rules.Side;
import dev.ficus.rules.TrafficRule;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;

import java.net.URI;
import java.util.Objects;

/**
 * A catalogue route prepared for the request path: its current traffic rule and, per side, the URL prefix and
 * the Spring Cloud Gateway route whose metadata carries that side's connect timeout.
 *
 * <p>Immutable; a weight change makes a new instance with {@link #withRule(TrafficRule)}.
 */
public final class CompiledRoute {

    private final RouteDefinition definition;
    private final TrafficRule rule;
    private final long revision;
    private final SideTarget legacy;
    private final SideTarget modern;

    CompiledRoute(RouteDefinition definition, TrafficRule rule) {
        this(definition, rule, 1, SideTarget.of(definition, Side.LEGACY), SideTarget.of(definition, Side.MODERN));
    }

    private CompiledRoute(RouteDefinition definition, TrafficRule rule, long revision, SideTarget legacy,
            SideTarget modern) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.rule = Objects.requireNonNull(rule, "rule");
        if (revision < 1) {
            throw new IllegalArgumentException("revision: " + revision + " (expected: >= 1)");
        }
        this.revision = revision;
        this.legacy = legacy;
        this.modern = modern;
    }

    public String id() {
        return definition.id();
    }

    public RouteDefinition definition() {
        return definition;
    }

    /** The rule in force now (its weight may differ from the file's initial weight). */
    public TrafficRule rule() {
        return rule;
    }

    /**
     * This route's own change counter: 1 when first compiled, +1 on every weight change of this route only (so a
     * change to another route leaves it alone). The admin API's ETag is built from it.
     */
    public long revision() {
        return revision;
    }

    /** The runtime state that outlives a restart: current weight and revision. */
    public RouteRuntime runtime() {
        return new RouteRuntime(rule.weight(), revision);
    }

    public SideTarget target(Side side) {
        return side == Side.MODERN ? modern : legacy;
    }

    /** The same route with another rule; targets are shared. */
    public CompiledRoute withRule(TrafficRule newRule) {
        if (!newRule.routeId().equals(id())) {
            throw new IllegalArgumentException("rule: " + newRule.routeId() + " (expected: rule of route " + id() + ")");
        }
        return new CompiledRoute(definition, newRule, revision, legacy, modern);
    }

    /** The same route at {@code weight}, one revision later; itself when the weight does not change. */
    CompiledRoute withWeight(int weight) {
        TrafficRule newRule = rule.withWeight(weight);
        return newRule == rule ? this : new CompiledRoute(definition, newRule, revision + 1, legacy, modern);
    }

    /** The same route with a restored weight and revision (after a restart or a catalogue reload). */
    CompiledRoute restored(RouteRuntime runtime) {
        return new CompiledRoute(definition, rule.withWeight(runtime.weight()), runtime.revision(), legacy, modern);
    }

    /**
     * Where one side's requests go.
     *
     * @param side the side
     * @param prefix {@code scheme://authority/base-path} with no trailing slash, precomputed
     * @param gatewayRoute a Spring Cloud Gateway route that carries this side's connect timeout as metadata, read by
     *        its {@code NettyRoutingFilter} (the response timeout is run by {@code ResilienceFilter})
     */
    public record SideTarget(Side side, String prefix, Route gatewayRoute) {

        static SideTarget of(RouteDefinition definition, Side side) {
            Upstream upstream = definition.upstream(side);
            URI uri = upstream.uri();
            String prefix = uri.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority()
                    + upstream.basePath();
            Route gatewayRoute = Route.async()
                    .id(definition.id())
                    .uri(uri)
                    .predicate(exchange -> false)
                    .metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR,
                            Math.toIntExact(upstream.timeouts().connect().toMillis()))
                    // -1: no Flux.timeout of Spring Cloud Gateway's; ResilienceFilter runs the side's response
                    // timeout on the connection's event loop (same span: from sending to the response's status line)
                    .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, -1L)
                    .metadata("ficus.side", side.id())
                    .build();
            return new SideTarget(side, prefix, gatewayRoute);
        }

        /** The upstream URL for a request with this (already rewritten) raw path and raw query. */
        public URI resolve(String rawPath, String rawQuery) {
            int length = prefix.length() + rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1);
            StringBuilder url = new StringBuilder(length).append(prefix).append(rawPath);
            if (rawQuery != null) {
                url.append('?').append(rawQuery);
            }
            return URI.create(url.toString());
        }
    }
}
