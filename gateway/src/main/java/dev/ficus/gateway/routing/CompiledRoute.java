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
 * the Spring Cloud Gateway route whose metadata carries that side's timeouts.
 *
 * <p>Immutable; a weight change makes a new instance with {@link #withRule(TrafficRule)}.
 */
public final class CompiledRoute {

    private final RouteDefinition definition;
    private final TrafficRule rule;
    private final SideTarget legacy;
    private final SideTarget modern;

    CompiledRoute(RouteDefinition definition, TrafficRule rule) {
        this(definition, rule, SideTarget.of(definition, Side.LEGACY), SideTarget.of(definition, Side.MODERN));
    }

    private CompiledRoute(RouteDefinition definition, TrafficRule rule, SideTarget legacy, SideTarget modern) {
        this.definition = Objects.requireNonNull(definition, "definition");
        this.rule = Objects.requireNonNull(rule, "rule");
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

    public SideTarget target(Side side) {
        return side == Side.MODERN ? modern : legacy;
    }

    /** The same route with another rule; targets are shared. */
    public CompiledRoute withRule(TrafficRule newRule) {
        if (!newRule.routeId().equals(id())) {
            throw new IllegalArgumentException("rule: " + newRule.routeId() + " (expected: rule of route " + id() + ")");
        }
        return new CompiledRoute(definition, newRule, legacy, modern);
    }

    /**
     * Where one side's requests go.
     *
     * @param side the side
     * @param prefix {@code scheme://authority/base-path} with no trailing slash, precomputed
     * @param gatewayRoute a Spring Cloud Gateway route that carries this side's timeouts as metadata, read by its
     *        {@code NettyRoutingFilter}
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
                    .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, upstream.timeouts().response().toMillis())
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
