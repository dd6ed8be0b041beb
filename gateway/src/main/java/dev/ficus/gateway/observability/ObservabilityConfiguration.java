package dev.ficus.gateway.observability;

import dev.ficus.gateway.routing.ProxyPort;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.routes.RouteDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

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

    /** No batch span processor when no span exporter is defined (see the class). */
    @Bean
    static SpanProcessorWithoutExporter spanProcessorWithoutExporter() {
        return new SpanProcessorWithoutExporter();
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

    /**
     * Proxied requests get Ficus's own server span ({@link ProxyServerSpans}) instead of Spring's server observation
     * and its {@code http.server.requests} timer; the management port's requests (admin API, actuator) keep both.
     */
    @Bean
    @ConditionalOnProperty(name = "spring.cloud.gateway.server.webflux.observability.enabled", havingValue = "false")
    ObservationPredicate noServerObservationOnTheProxyPort(ProxyPort port) {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && port.carries(server.getCarrier()));
    }

    @Bean
    RequestCompletionFilter requestCompletionFilter(TrafficObservers observers, ProxyPort port,
            ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator,
            @Value("${spring.cloud.gateway.server.webflux.observability.enabled:true}") boolean clientObservation) {
        Tracer active = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        boolean tracing = active != null && active != Tracer.NOOP && propagation != null && !clientObservation;
        return new RequestCompletionFilter(observers, port, tracing ? new ProxyServerSpans(propagation) : null);
    }
}
