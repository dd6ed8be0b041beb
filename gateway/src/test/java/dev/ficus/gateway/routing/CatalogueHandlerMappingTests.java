package dev.ficus.gateway.routing;

import dev.ficus.routes.CatalogueLoader;
import dev.ficus.rules.OverridePolicy;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/** Catalogue routes are found in file order by a plain loop; anything else falls through to the next mapping. */
class CatalogueHandlerMappingTests {

    final RoutingTableHolder tables = new RoutingTableHolder(RoutingTable.compile(CatalogueLoader.parse("""
            routes:
              - id: orders-export
                paths: [/orders/export/**]
                legacy: http://127.0.0.1:1
                modern: http://127.0.0.1:2
                weight: 0
              - id: orders
                paths: [/orders/**]
                legacy: http://127.0.0.1:1
                modern: http://127.0.0.1:2
                weight: 50
            """, "test"), OverridePolicy.disabled()));
    final CatalogueRouteLocator routes = new CatalogueRouteLocator(tables, List.of());
    final FilteringWebHandler webHandler = new FilteringWebHandler(List.of(), false);
    final ProxyPort proxyPort = new ProxyPort();
    final CatalogueHandlerMapping mapping = new CatalogueHandlerMapping(routes, webHandler, proxyPort);

    @Test
    void theFirstMatchingRouteInFileOrderGetsTheRequest() {
        proxyPort.set(8080);
        MockServerWebExchange post = exchange(MockServerHttpRequest.post("/orders/export/7"), 8080);
        MockServerWebExchange get = exchange(MockServerHttpRequest.get("/orders/7"), 8080);

        assertThat(mapping.getHandler(post).block(Duration.ofSeconds(1))).isSameAs(webHandler);
        assertThat(post.<Route>getAttribute(GATEWAY_ROUTE_ATTR).getId()).isEqualTo("orders-export");
        assertThat(post.<String>getAttribute(FicusExchangeAttributes.PATH_TEMPLATE)).isEqualTo("/orders/export/**");
        assertThat(mapping.getHandler(get).block(Duration.ofSeconds(1))).isSameAs(webHandler);
        assertThat(get.<Route>getAttribute(GATEWAY_ROUTE_ATTR).getId()).isEqualTo("orders");
        // the same Route objects Spring Cloud Gateway's route locator publishes (its filter cache is keyed by them)
        assertThat(routes.getRoutes().collectList().block()).contains(get.<Route>getAttribute(GATEWAY_ROUTE_ATTR));
    }

    @Test
    void unmatchedPathsAndTheManagementPortFallThrough() {
        proxyPort.set(8080);
        MockServerWebExchange nowhere = exchange(MockServerHttpRequest.get("/nowhere"), 8080);
        MockServerWebExchange management = exchange(MockServerHttpRequest.get("/orders/7"), 8081);

        assertThat(mapping.getHandler(nowhere).blockOptional(Duration.ofSeconds(1))).isEmpty();
        assertThat(mapping.getHandler(management).blockOptional(Duration.ofSeconds(1))).isEmpty();
        assertThat(management.<Route>getAttribute(GATEWAY_ROUTE_ATTR)).isNull();
    }

    @Test
    void aCatalogueReloadIsSeenByTheNextRequest() {
        tables.update(current -> RoutingTable.compile(CatalogueLoader.parse("""
                routes:
                  - id: invoices
                    paths: [/invoices/**]
                    legacy: http://127.0.0.1:1
                    modern: http://127.0.0.1:2
                    weight: 0
                """, "test"), OverridePolicy.disabled()));
        MockServerWebExchange orders = exchange(MockServerHttpRequest.get("/orders/7"), 8080);
        MockServerWebExchange invoices = exchange(MockServerHttpRequest.get("/invoices/7"), 8080);

        assertThat(mapping.getHandler(orders).blockOptional(Duration.ofSeconds(1))).isEmpty();
        assertThat(mapping.getHandler(invoices).block(Duration.ofSeconds(1))).isSameAs(webHandler);
        assertThat(invoices.<Route>getAttribute(GATEWAY_ROUTE_ATTR).getId()).isEqualTo("invoices");
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request, int localPort) {
        return MockServerWebExchange.from(request.localAddress(new InetSocketAddress("127.0.0.1", localPort)));
    }
}
