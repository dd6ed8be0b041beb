package dev.ficus.gateway.catalogue;

import dev.ficus.gateway.routing.FicusProperties;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.gateway.store.RuntimeStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Hot reload of the routes file; off in demo mode and when {@code ficus.reload-interval} is 0. */
@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    RoutesFileReloaderHolder routesFileReloader(FicusProperties properties, RoutingTableHolder tables,
            RuntimeStateStore state, AuditLog audit, Clock clock, ApplicationEventPublisher events,
            MeterRegistry meters) {
        if (properties.demoMode() || properties.reloadInterval().isZero()) {
            return new RoutesFileReloaderHolder(null);
        }
        return new RoutesFileReloaderHolder(new RoutesFileReloader(properties.routesPath().orElseThrow(),
                properties.reloadInterval(), tables, properties.overrides().policy(), state, audit, clock, events,
                meters));
    }
}
