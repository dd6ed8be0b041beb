package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.core.Appender;
import dev.ficus.gateway.routing.FicusProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.Iterator;

/** The access log, on unless {@code ficus.access-log.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ficus.access-log.enabled", havingValue = "true", matchIfMissing = true)
class AccessLogConfiguration {

    static final String DROPPED_METER = "ficus.access.dropped";

    @Bean
    AccessLog accessLog(Clock clock, FicusProperties properties, ObjectProvider<MeterRegistry> registry) {
        registry.ifAvailable(AccessLogConfiguration::countDroppedLines);
        return new AccessLog(clock, properties.trustedProxiesPattern());
    }

    /**
     * Publishes how many access log lines the batching appender dropped because its queue was full, so an operator
     * sees a log that cannot keep up. Nothing is registered when {@code ficus.access} writes through another appender
     * (a replaced {@code logback-spring.xml}).
     */
    private static void countDroppedLines(MeterRegistry registry) {
        if (!(LoggerFactory.getLogger(AccessLog.LOGGER) instanceof Logger logger)) {
            return;
        }
        for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = logger.iteratorForAppenders();
                it.hasNext(); ) {
            if (it.next() instanceof BatchingLineAppender appender) {
                FunctionCounter.builder(DROPPED_METER, appender, BatchingLineAppender::dropped)
                        .description("Access log lines dropped because the appender's queue was full")
                        .register(registry);
                return;
            }
        }
    }
}
