package dev.ficus.gateway.rollout;

import dev.ficus.gateway.admin.RouteWeights;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.RuntimeStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

/** The rollout runtime and its scheduler, in the main context. */
@Configuration(proxyBeanMethods = false)
class RolloutConfiguration {

    @Bean
    RolloutRuntime rolloutRuntime(RoutingTableHolder tables, RouteWeights weights,
            ObjectProvider<RolloutMeasurementSource> measurements, ObjectProvider<MeterRegistry> registry,
            Clock ficusClock, RuntimeStateStore store, RolloutWebhooks webhooks) {
        // looked up per analysis: a missing source fails that analysis (logged), not the gateway's startup
        RolloutMeasurementSource source = (route, from, to) -> measurements.getObject().measure(route, from, to);
        RolloutRuntime runtime = new RolloutRuntime(tables, weights, source,
                new RolloutEvents(registry.getIfAvailable(SimpleMeterRegistry::new), webhooks, ficusClock), ficusClock, store);
        runtime.restoreSaved();
        return runtime;
    }

    @Bean
    RolloutWebhooks rolloutWebhooks(RolloutProperties properties, ObjectProvider<MeterRegistry> registry) {
        return new RolloutWebhooks(properties.webhooks().stream().map(RolloutProperties.Webhook::url).toList(),
                properties.webhookTimeout(), properties.webhookQueue(), Duration.ofMillis(200),
                registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    RolloutScheduler rolloutScheduler(RolloutRuntime runtime, RolloutProperties properties) {
        return new RolloutScheduler(runtime, properties.tick());
    }
}
