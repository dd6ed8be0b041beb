package dev.ficus.gateway.observability.health;

import dev.ficus.gateway.routing.RoutingTableHolder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Health beyond Spring's liveness and readiness states: {@code routingState} (in the readiness group) and
 * {@code upstreams} (in neither group).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UpstreamHealthProperties.class)
class HealthConfiguration {

    @Bean
    RoutingStateHealthIndicator routingStateHealthIndicator(ObjectProvider<Clock> clock) {
        return new RoutingStateHealthIndicator(clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(name = "ficus.health.upstream.enabled", matchIfMissing = true)
    UpstreamProber upstreamProber(RoutingTableHolder tables, UpstreamHealthProperties properties,
            ObjectProvider<Clock> clock) {
        return new UpstreamProber(tables, properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnProperty(name = "ficus.health.upstream.enabled", matchIfMissing = true)
    UpstreamsHealthIndicator upstreamsHealthIndicator(UpstreamProber prober) {
        return new UpstreamsHealthIndicator(prober);
    }
}
