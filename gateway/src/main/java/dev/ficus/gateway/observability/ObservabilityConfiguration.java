package dev.ficus.gateway.observability;

import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.routes.RouteDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The event fan-out that metrics, access log, rollout measurements and tracing observe. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrafficProperties.class)
class ObservabilityConfiguration {

    /** Per route and side, the last {@code ficus.traffic.window} of upstream calls: rollout gates and the admin API. */
    @Bean
    TrafficWindows trafficWindows(TrafficProperties properties, Clock ficusClock) {
        return new TrafficWindows(properties.window(), ficusClock);
    }

    /** A reload that removes routes drops their windows. */
    @Bean
    ApplicationListener<RefreshRoutesEvent> trafficWindowsPruner(TrafficWindows windows, RoutingTableHolder tables) {
        return event -> windows.retainRoutes(
                tables.current().catalogue().routes().stream().map(RouteDefinition::id).toList());
    }

    @Bean
    TrafficObservers trafficObservers(ObjectProvider<TrafficObserver> observers) {
        return new TrafficObservers(observers.orderedStream().toList());
    }

    @Bean
    SpanAttributesObserver spanAttributesObserver() {
        return new SpanAttributesObserver();
    }

    /**
     * Propagates the server span to upstreams when Spring Cloud Gateway's own client observation is off (Ficus's
     * default, see {@link TraceContextHeadersFilter}); with it on, that observation propagates its client span.
     */
    @Bean
    @ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.observability.enabled", havingValue = "false")
    TraceContextHeadersFilter traceContextHeadersFilter(ObjectProvider<Propagator> propagator) {
        return new TraceContextHeadersFilter(propagator.getIfAvailable());
    }

    @Bean
    RequestCompletionFilter requestCompletionFilter(TrafficObservers observers) {
        return new RequestCompletionFilter(observers);
    }

    /** Tells the filter the proxy port once the main server (not the management one) has bound it. */
    @Bean
    ApplicationListener<ReactiveWebServerInitializedEvent> proxyPortListener(RequestCompletionFilter filter) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                filter.proxyPort(event.getWebServer().getPort());
            }
        };
    }
}
