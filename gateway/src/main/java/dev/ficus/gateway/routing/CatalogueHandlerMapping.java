package dev.ficus.gateway.routing;

import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.web.reactive.handler.AbstractHandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_HANDLER_MAPPER_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REACTOR_CONTEXT_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Finds a proxied request's catalogue route by testing the routes' predicates in a plain loop, then hands the
 * request to Spring Cloud Gateway's {@link FilteringWebHandler}, as Spring Cloud Gateway's own
 * {@code RoutePredicateHandlerMapping} does through a chain of Reactor operators per route (a Flux over the cached
 * routes, {@code concatMap}, {@code filterWhen}, error handling, {@code next}). Ordered before it; a request that
 * matches no catalogue route (or arrives on the management port) falls through to it unchanged, so routes defined
 * under {@code spring.cloud.gateway.server.webflux.routes}, if any, and the 404 path behave as before.
 */
final class CatalogueHandlerMapping extends AbstractHandlerMapping {

    /** Before Spring Cloud Gateway's route mapping (order 1) and WebFlux's own mappings. */
    static final int ORDER = 0;

    private final CatalogueRouteLocator routes;
    private final FilteringWebHandler webHandler;
    private final ProxyPort proxyPort;

    CatalogueHandlerMapping(CatalogueRouteLocator routes, FilteringWebHandler webHandler, ProxyPort proxyPort) {
        this.routes = routes;
        this.webHandler = webHandler;
        this.proxyPort = proxyPort;
        setOrder(ORDER);
    }

    @Override
    protected Mono<?> getHandlerInternal(ServerWebExchange exchange) {
        if (!proxyPort.carries(exchange.getRequest())) {
            return Mono.empty();
        }
        Route route = routes.match(exchange);
        if (route == null) {
            return Mono.empty();
        }
        exchange.getAttributes().put(GATEWAY_HANDLER_MAPPER_ATTR, CatalogueHandlerMapping.class.getSimpleName());
        exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route);
        return Mono.deferContextual(context -> {
            // as Spring Cloud Gateway's mapping: filters that need the request's Reactor context read it from here
            exchange.getAttributes().put(GATEWAY_REACTOR_CONTEXT_ATTR, context);
            return Mono.just(webHandler);
        });
    }
}
