package dev.ficus.gateway.admin;

import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditLog;
import dev.ficus.gateway.store.RuntimeStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;

/**
 * The admin API's state side, in the main context: weight changes and caller authentication. The HTTP side lives
 * in the management server's child context ({@link AdminManagementContextConfiguration}), so it is never on the
 * proxy port.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminConfiguration.class);

    @Bean
    RouteWeights routeWeights(RoutingTableHolder tables, RuntimeStateStore state, AuditLog audit,
            ObjectProvider<Clock> clock, ObjectProvider<ManualWeightChangeListener> listeners) {
        return new RouteWeights(tables, state, audit, clock.getIfAvailable(Clock::systemUTC),
                () -> listeners.orderedStream().toList());
    }

    @Bean
    AdminAuthenticator adminAuthenticator(AdminProperties properties, Environment environment) {
        if (ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
            log.warn("The admin API is served only on a separate management port and management.server.port is not "
                    + "set apart from server.port: the admin API is off. Set FICUS_MANAGEMENT_PORT.");
        }
        else if (properties.tokens().isEmpty()) {
            log.warn("No admin tokens configured (ficus.admin.tokens): every admin API call will be refused with "
                    + "401. Set FICUS_ADMIN_TOKENS_0_NAME, FICUS_ADMIN_TOKENS_0_TOKEN and FICUS_ADMIN_TOKENS_0_ROLE.");
        }
        else {
            log.info("Admin API on the management port for {}", properties.tokens());
        }
        return new AdminAuthenticator(properties.tokens());
    }
}
