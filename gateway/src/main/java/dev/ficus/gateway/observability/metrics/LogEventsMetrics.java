package dev.ficus.gateway.observability.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code logback.events}, counted per level as Micrometer's {@code LogbackMetrics} counts them (same name, tag and
 * description), but by an appender on the root logger instead of a logback turbo filter. A turbo filter runs on every
 * {@code isDebugEnabled()} check any library makes, whether or not anything is logged; Reactor Netty and Spring make
 * several per proxied request, and the filter chain cost 2.3 µs of the proxy's 139 µs CPU per request in a profile
 * (async-profiler, 2026-12-03). An appender only sees events that are logged. Loggers that do not pass their events
 * to the root logger are not counted: the access log ({@code ficus.access}) is its own stream, with its own request
 * metrics, and no longer adds one {@code info} event per request.
 *
 * <p>The appender is attached again after a reset of the logging configuration (as Spring Boot does when a second
 * application context starts in the same JVM).
 */
public final class LogEventsMetrics implements MeterBinder, AutoCloseable {

    public static final String EVENTS = "logback.events";

    private final LoggerContext context;
    private final CountingAppender appender = new CountingAppender();
    private final ReattachOnReset listener = new ReattachOnReset();

    public LogEventsMetrics(LoggerContext context) {
        this.context = context;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        appender.error = counter(registry, "error");
        appender.warn = counter(registry, "warn");
        appender.info = counter(registry, "info");
        appender.debug = counter(registry, "debug");
        appender.trace = counter(registry, "trace");
        appender.setContext(context);
        appender.setName("ficus-log-events-metrics");
        appender.start();
        attach();
        context.addListener(listener);
    }

    private void attach() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(appender.getName()) == null) {
            root.addAppender(appender);
        }
    }

    @Override
    public void close() {
        context.removeListener(listener);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    private static Counter counter(MeterRegistry registry, String level) {
        return Counter.builder(EVENTS)
                .tag("level", level)
                .description("Number of " + level + " level events that made it to the logs")
                .baseUnit("events")
                .register(registry);
    }

    private static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

        private Counter error;
        private Counter warn;
        private Counter info;
        private Counter debug;
        private Counter trace;

        @Override
        protected void append(ILoggingEvent event) {
            switch (event.getLevel().toInt()) {
                case Level.ERROR_INT -> error.increment();
                case Level.WARN_INT -> warn.increment();
                case Level.INFO_INT -> info.increment();
                case Level.DEBUG_INT -> debug.increment();
                case Level.TRACE_INT -> trace.increment();
                default -> {
                }
            }
        }
    }

    private final class ReattachOnReset implements LoggerContextListener {

        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext resetContext) {
            // a reset detaches and stops every appender
            appender.start();
            attach();
        }

        @Override
        public void onStart(LoggerContext startedContext) {
        }

        @Override
        public void onStop(LoggerContext stoppedContext) {
        }

        @Override
        public void onLevelChange(Logger logger, Level level) {
        }
    }
}
