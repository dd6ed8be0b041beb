package dev.ficus.gateway.observability.metrics;

import dev.ficus.gateway.routing.RoutingTableHolder;
import dev.ficus.gateway.store.AuditLog;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Ficus's own meters: requests and upstream calls (from the traffic events), route weights, admin changes. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    TrafficMetrics trafficMetrics(MeterRegistry registry, RoutingTableHolder tables) {
        TrafficMetrics metrics = new TrafficMetrics(registry);
        tables.addListener(metrics::follow);
        return metrics;
    }

    @Bean
    RouteWeightGauges routeWeightGauges(MeterRegistry registry, RoutingTableHolder tables) {
        RouteWeightGauges gauges = new RouteWeightGauges(tables, registry);
        tables.addListener(gauges::follow);
        return gauges;
    }

    /**
     * Spring Cloud Gateway's client observation ({@code http.client.requests}, also what carries
     * {@code traceparent} upstream) tags the raw request method, which a client can make anything: the same fixed
     * set as ours, others {@code OTHER}.
     */
    @Bean
    MeterFilter boundedHttpMethodTags() {
        return MeterFilter.replaceTagValues("http.method", MetricTags::method);
    }

    /**
     * {@code logback.events} from an appender rather than Micrometer's turbo filter (see {@link LogEventsMetrics});
     * Spring Boot's {@code LogbackMetricsAutoConfiguration} is excluded in {@code FicusApplication}.
     */
    @Bean
    MeterBinder logEventsMetrics() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            return new LogEventsMetrics(context);
        }
        return registry -> { }; // another logging backend: no logback events to count
    }

    /** Wraps whichever {@link AuditLog} is in use (file, or a test's), so every audited change is counted. */
    @Bean
    static BeanPostProcessor meteredAuditLogPostProcessor(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AuditLog audit && !(bean instanceof MeteredAuditLog)) {
                    return new MeteredAuditLog(audit, registry::getIfAvailable);
                }
                return bean;
            }
        };
    }
}
