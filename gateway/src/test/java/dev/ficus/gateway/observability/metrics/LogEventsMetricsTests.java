package dev.ficus.gateway.observability.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogEventsMetricsTests {

    private final LoggerContext context = new LoggerContext();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LogEventsMetrics metrics = new LogEventsMetrics(context);

    @BeforeEach
    void bind() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.start();
        metrics.bindTo(registry);
    }

    @Test
    void countsLoggedEventsPerLevelWithoutATurboFilter() {
        Logger logger = context.getLogger("some.component");
        logger.warn("one");
        logger.warn("two");
        logger.error("three");
        logger.info("four");
        logger.debug("not logged at the default level");
        assertThat(logger.isDebugEnabled()).isFalse();

        assertThat(count("warn")).isEqualTo(2);
        assertThat(count("error")).isEqualTo(1);
        assertThat(count("info")).isEqualTo(1);
        assertThat(count("debug")).isZero();
        assertThat(context.getTurboFilterList()).isEmpty();
    }

    @Test
    void aLoggerThatKeepsItsEventsFromTheRootIsNotCounted() {
        Logger access = context.getLogger("ficus.access");
        access.setAdditive(false);
        access.info("a request");

        assertThat(count("info")).isZero();
    }

    @Test
    void keepsCountingAfterTheLoggingConfigurationIsReset() {
        context.reset(); // what a logging system re-initialisation does: every appender detached and stopped
        context.getLogger("some.component").warn("after the reset");

        assertThat(count("warn")).isEqualTo(1);
    }

    @Test
    void closeStopsCounting() {
        metrics.close();
        context.getLogger("some.component").warn("after close");
        context.reset();
        context.getLogger("some.component").warn("after close and a reset");

        assertThat(count("warn")).isZero();
    }

    private double count(String level) {
        return registry.get(LogEventsMetrics.EVENTS).tag("level", level).counter().count();
    }
}
