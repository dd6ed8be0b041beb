package dev.ficus.gateway.observability.access;

import dev.ficus.gateway.routing.FicusProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The access log, on unless {@code ficus.access-log.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ficus.access-log.enabled", havingValue = "true", matchIfMissing = true)
class AccessLogConfiguration {

    @Bean
    AccessLog accessLog(Clock clock, FicusProperties properties) {
        return new AccessLog(clock, properties.trustedProxiesPattern());
    }
}
