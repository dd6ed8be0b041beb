package dev.ficus.gateway.routing;

import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.context.ApplicationListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.routes.CatalogueLoader;
import dev.ficus.routes.RouteCatalogue;
import dev.ficus.routes.RouteDefinition;
import dev.ficus.rules.TrafficDecider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** Wires the catalogue, the routing table and the request path into Spring Cloud Gateway. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    /** The catalogue from {@code ficus.routes-file}, or the embedded demo's when none is set. */
    @Bean
    RouteCatalogue routeCatalogue(FicusProperties properties, ObjectProvider<DemoCatalogueSource> demo) {
        RouteCatalogue catalogue = properties.routesPath()
                .map(CatalogueLoader::load)
                .orElseGet(() -> demo.getObject().catalogue());
        List<String> unguarded = catalogue.routes().stream()
                .filter(RouteDefinition::overridesAllowed)
                .map(RouteDefinition::id)
                .toList();
        if (!unguarded.isEmpty() && properties.overrides().policy().token() == null) {
            log.warn("Routes {} allow overrides but ficus.overrides.token is not set: anyone who sends {} can pick "
                    + "a side. Set FICUS_OVERRIDES_TOKEN in production.", unguarded, properties.overrides().header());
        }
        log.info("Loaded {} routes from {}", catalogue.routes().size(), catalogue.source());
        return catalogue;
    }

    /** The file's table, with runtime state (weights set through the admin API) restored when a restorer exists. */
    @Bean
    RoutingTableHolder routingTableHolder(RouteCatalogue catalogue, FicusProperties properties,
            ObjectProvider<RoutingTableRestorer> restorer, ObjectProvider<RoutingTableLoadListener> listeners) {
        List<RoutingTableLoadListener> told = listeners.orderedStream().toList();
        told.forEach(RoutingTableLoadListener::loading);
        try {
            RoutingTable compiled = RoutingTable.compile(catalogue, properties.overrides().policy());
            RoutingTable restored = restorer.getIfAvailable(() -> table -> table).restore(compiled);
            told.forEach(listener -> listener.loaded(restored));
            return new RoutingTableHolder(restored);
        }
        catch (RuntimeException e) {
            told.forEach(listener -> listener.failed(e));
            throw e;
        }
    }

    @Bean
    TrafficDecider trafficDecider() {
        return TrafficDecider.withThreadLocalRandom();
    }

    @Bean
    FicusRoutingFilter ficusRoutingFilter(RoutingTableHolder tables, TrafficDecider decider,
            FicusProperties properties) {
        return new FicusRoutingFilter(tables, decider, properties.responseHeaders());
    }

    /** Time for breakers and (later) rollouts; tests replace it to move time without sleeping. */
    @Bean
    java.time.Clock ficusClock() {
        return java.time.Clock.systemUTC();
    }

    @Bean
    CatalogueRouteLocator ficusRouteLocator(RoutingTableHolder tables, List<org.springframework.cloud.gateway.filter.GatewayFilter> routeFilters) {
        return new CatalogueRouteLocator(tables, routeFilters);
    }

    @Bean
    ProxyPort proxyPort() {
        return new ProxyPort();
    }

    /** Learns the proxy port once the main server (not the management one) has bound it. */
    @Bean
    ApplicationListener<ReactiveWebServerInitializedEvent> proxyPortListener(ProxyPort port) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                port.set(event.getWebServer().getPort());
            }
        };
    }

    /** Catalogue routes found in a plain loop, ahead of Spring Cloud Gateway's reactive route lookup. */
    @Bean
    CatalogueHandlerMapping catalogueHandlerMapping(CatalogueRouteLocator routes, FilteringWebHandler webHandler,
            ProxyPort port, GlobalCorsProperties cors) {
        CatalogueHandlerMapping mapping = new CatalogueHandlerMapping(routes, webHandler, port);
        mapping.setCorsConfigurations(cors.getCorsConfigurations());
        return mapping;
    }

    /** SCG's remove-forwarded-headers filters, whose work {@link EdgeForwardedHeadersFilter} already does. */
    @Bean
    static RedundantHeaderFilters redundantHeaderFilters() {
        return new RedundantHeaderFilters();
    }

    /** X-Forwarded-* and Forwarded, written as an edge proxy must (see the class). */
    @Bean
    EdgeForwardedHeadersFilter edgeForwardedHeadersFilter(FicusProperties properties) {
        return new EdgeForwardedHeadersFilter(properties.trustedProxiesPattern());
    }

    @Bean
    ProblemWebExceptionHandler problemWebExceptionHandler(ObjectMapper json) {
        return new ProblemWebExceptionHandler(json);
    }
}
