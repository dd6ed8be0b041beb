package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.ficus.gateway.routing.FicusProperties;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.LoggerFactory;
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
    AccessLog accessLog(Clock clock, FicusProperties properties) {
        return new AccessLog(clock, properties.trustedProxiesPattern());
    }

    /**
     * {@code ficus.access.dropped}: access log lines the batching appender dropped because its queue was full, so an
     * operator sees a log that cannot keep up. Nothing is registered when {@code ficus.access} writes through another
     * appender (a replaced {@code logback-spring.xml}).
     */
    @Bean
    MeterBinder accessLogDroppedLines() {
        return registry -> {
            BatchingLineAppender appender = batchingAppender();
            if (appender != null) {
                FunctionCounter.builder(DROPPED_METER, appender, BatchingLineAppender::dropped)
                        .description("Access log lines dropped because the appender's queue was full")
                        .register(registry);
            }
        };
    }

    private static BatchingLineAppender batchingAppender() {
        if (!(LoggerFactory.getLogger(AccessLog.LOGGER) instanceof Logger logger)) {
            return null;
        }
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BatchingLineAppender appender) {
                return appender;
            }
        }
        return null;
    }
}
