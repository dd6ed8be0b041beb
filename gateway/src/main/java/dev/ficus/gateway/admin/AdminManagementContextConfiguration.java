package dev.ficus.gateway.admin;

import dev.ficus.gateway.resilience.RouteBreakers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditLog;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the admin API on the management server. Listed in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}
 * as a {@link ManagementContextType#CHILD} configuration: Spring Boot imports it into the management port's own
 * context (which has {@code @EnableWebFlux}, so its {@code RouterFunctionMapping} maps this bean). A
 * {@code RouterFunction} bean of the main context would be mapped on the proxy port too, hence this split.
 *
 * <p>Component scanning also finds this class in the main context; {@link InManagementChildContext} keeps it out
 * there.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Conditional(AdminManagementContextConfiguration.InManagementChildContext.class)
public class AdminManagementContextConfiguration {

    @Bean
    RouterFunction<ServerResponse> ficusAdminRouter(RouteWeights weights, AuditLog audit,
            AdminAuthenticator authenticator, ObjectMapper json, RouteBreakers breakers,
            dev.ficus.gateway.rollout.RolloutRuntime rollouts, dev.ficus.gateway.observability.TrafficWindows traffic,
            dev.ficus.gateway.observability.TrafficProperties trafficProperties) {
        return new AdminRoutes(weights, audit, authenticator, json, breakers, rollouts, traffic,
                trafficProperties.viewWindow()).router();
    }

    /** The operator page ({@code /admin/ui/}): static files only; its data comes from the router above. */
    @Bean
    RouterFunction<ServerResponse> ficusOperatorPageRouter() {
        return OperatorPage.router();
    }

    /** True only in a context whose parent is the gateway's main context. */
    static final class InManagementChildContext implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            BeanFactory parent = context.getBeanFactory() == null ? null
                    : context.getBeanFactory().getParentBeanFactory();
            return parent instanceof ListableBeanFactory listable
                    && listable.getBeanNamesForType(RoutingTableHolder.class, false, false).length > 0;
        }
    }
}
