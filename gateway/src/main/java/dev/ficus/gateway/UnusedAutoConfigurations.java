package dev.ficus.gateway;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;

import java.util.Set;

/**
 * Auto-configurations that the class path brings and Ficus never uses, skipped before their classes are even loaded
 * (an {@link AutoConfigurationImportFilter}, registered in {@code META-INF/spring.factories}). Each one cost parsing,
 * condition checks and beans on every start (README "Start-up" has the measured effect). A user's own
 * {@code spring.autoconfigure.exclude} still works as before.
 *
 * <ul>
 *   <li>Spring Cloud Commons' service discovery, registration and load-balancer wiring: Ficus's upstreams are the
 *       URLs in the routes file, never a discovery client (this also takes the {@code discoveryComposite} entry,
 *       which could only ever say "no discovery clients", out of {@code /actuator/health});</li>
 *   <li>Spring Cloud Context's refresh scope, {@code @ConfigurationProperties} rebinding and its endpoints: Ficus
 *       reloads its routes file itself and has no {@code @RefreshScope} bean (and the {@code refreshScope} health
 *       entry goes too);</li>
 *   <li>Spring Cloud's Boot-version compatibility check at start-up (the versions are fixed by the build);</li>
 *   <li>Spring Cloud Gateway's discovery-client route locator;</li>
 *   <li>Spring Boot's method validation: no Ficus bean has validated methods, and its post-processor wrapped Spring
 *       Cloud Gateway's {@code @Validated} properties beans in proxies at start-up. Their values are still validated
 *       when bound (Spring Boot's binder does that on its own), so a bad {@code spring.cloud.gateway.*} setting still
 *       stops the start;</li>
 *   <li>Spring Boot's task executor and scheduler beans: nothing in Ficus is {@code @Async} or {@code @Scheduled}
 *       (the rollout scheduler, the routes-file reloader and the upstream prober have their own threads);</li>
 *   <li>Spring Boot's AOP (no aspects), web sessions and multipart codecs (a proxy streams bodies, never parses them),
 *       SQL initialisation (no database), OTLP log export (logs go to stdout), scheduled-task and SSL-bundle
 *       observability (neither is used).</li>
 * </ul>
 */
public final class UnusedAutoConfigurations implements AutoConfigurationImportFilter {

    static final Set<String> SKIPPED = Set.of(
            "org.springframework.cloud.client.CommonsClientAutoConfiguration",
            "org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration",
            "org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration",
            "org.springframework.cloud.client.discovery.composite.reactive."
                    + "ReactiveCompositeDiscoveryClientAutoConfiguration",
            "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
            "org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration",
            "org.springframework.cloud.client.serviceregistry.ServiceRegistryAutoConfiguration",
            "org.springframework.cloud.client.serviceregistry.AutoServiceRegistrationAutoConfiguration",
            "org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration",
            "org.springframework.cloud.commons.util.UtilAutoConfiguration",
            "org.springframework.cloud.autoconfigure.RefreshAutoConfiguration",
            "org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration",
            "org.springframework.cloud.autoconfigure.LifecycleMvcEndpointAutoConfiguration",
            "org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration",
            "org.springframework.cloud.configuration.CompatibilityVerifierAutoConfiguration",
            "org.springframework.cloud.gateway.discovery.GatewayDiscoveryClientAutoConfiguration",
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration",
            "org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.WebSessionIdResolverAutoConfiguration",
            "org.springframework.boot.autoconfigure.web.reactive.ReactiveMultipartAutoConfiguration",
            "org.springframework.boot.autoconfigure.sql.init.SqlInitializationAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.scheduling.ScheduledTasksObservabilityAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.ssl.SslObservabilityAutoConfiguration");

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean[] match = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            match[i] = autoConfigurationClasses[i] == null || !SKIPPED.contains(autoConfigurationClasses[i]);
        }
        return match;
    }
}
