package dev.ficus.gateway.observability;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The event fan-out that metrics, access log, rollout measurements and tracing observe. */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    @Bean
    TrafficObservers trafficObservers(ObjectProvider<TrafficObserver> observers) {
        return new TrafficObservers(observers.orderedStream().toList());
    }

    @Bean
    SpanAttributesObserver spanAttributesObserver() {
        return new SpanAttributesObserver();
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
