package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Level;
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
        defaultOutput();
        return new AccessLog(clock, properties.trustedProxiesPattern());
    }

    /**
     * {@code ficus.access.dropped}: access log lines the batching appender dropped because its queue was full, so an
     * operator sees a log that cannot keep up. Nothing is registered when {@code ficus.access} writes through another
     * appender (one the user's own logging configuration gave it).
     */
    @Bean
    MeterBinder accessLogDroppedLines() {
        return registry -> {
            BatchingLineAppender appender = defaultOutput();
            if (appender != null) {
                FunctionCounter.builder(DROPPED_METER, appender, BatchingLineAppender::dropped)
                        .description("Access log lines dropped because the appender's queue was full")
                        .register(registry);
            }
        };
    }

    /**
     * Gives {@code ficus.access} its output, unless the logging configuration (a user's {@code logging.config})
     * already gave it an appender: a {@link BatchingLineAppender} of 8,192 lines written every 100 ms to stdout, the
     * logger at {@code INFO} unless a level was set for it ({@code logging.level.ficus.access}) and not passing its
     * lines on to the root logger's console appender. Set up here rather than in a {@code logback-spring.xml}:
     * without one Spring Boot configures Logback in code, which took 88 ms less of every start than reading the XML
     * (wall-clock profile). Idempotent; returns the batching appender, or {@code null} when another appender writes
     * the access log or Logback is not the logging backend.
     */
    static synchronized BatchingLineAppender defaultOutput() {
        if (!(LoggerFactory.getLogger(AccessLog.LOGGER) instanceof Logger logger)) {
            return null;
        }
        BatchingLineAppender existing = null;
        boolean others = false;
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof BatchingLineAppender batching) {
                existing = batching;
            }
            else {
                others = true;
            }
        }
        if (existing != null || others) {
            return existing;
        }
        BatchingLineAppender appender = new BatchingLineAppender();
        appender.setContext(logger.getLoggerContext());
        appender.setName("ACCESS");
        appender.setQueueSize(8192);
        appender.setFlushMillis(100);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        if (logger.getLevel() == null) {
            logger.setLevel(Level.INFO);
        }
        return appender;
    }
}
