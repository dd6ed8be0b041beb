package dev.ficus.gateway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateways that a test starts and stops itself (restarts, shutdown, startup failures), next to the cached Spring
 * test contexts of the other test classes in the same JVM.
 *
 * <p>Spring Boot's {@link ReactorResourceFactory} uses Reactor Netty's global event loops and connection pool and
 * disposes them when its context closes. A test that closed its own gateway thereby pulled the loops and pool from
 * under every other live context and client of the JVM: later requests hung until their timeouts (a weight change
 * after a restart, a whole test of 2,000 requests). Each gateway started here gets private resources instead, so
 * closing it disposes only its own.
 */
public final class TestApplications {

    private TestApplications() {
    }

    /** Starts {@link FicusApplication} plus {@code extraSources} with {@code args}, on private Netty resources. */
    public static ConfigurableApplicationContext start(List<Class<?>> extraSources, String... args) {
        return builder(extraSources).run(args);
    }

    /** Starts {@link FicusApplication} with {@code args}, on private Netty resources. */
    public static ConfigurableApplicationContext start(String... args) {
        return start(List.of(), args);
    }

    /** A builder for {@link FicusApplication} plus {@code extraSources}, on private Netty resources. */
    public static SpringApplicationBuilder builder(List<Class<?>> extraSources) {
        List<Class<?>> sources = new ArrayList<>();
        sources.add(FicusApplication.class);
        sources.add(PrivateNettyResources.class);
        sources.addAll(extraSources);
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new));
    }

    /** Replaces Spring Boot's global-resources factory (which backs off when one is defined). */
    @TestConfiguration(proxyBeanMethods = false)
    static class PrivateNettyResources {

        @Bean
        ReactorResourceFactory reactorResourceFactory() {
            ReactorResourceFactory factory = new ReactorResourceFactory();
            factory.setUseGlobalResources(false);
            factory.setShutdownQuietPeriod(Duration.ZERO);
            return factory;
        }
    }
}
