package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AccessLogConfiguration#defaultOutput()} on the shared {@code ficus.access} logger, restored afterwards. */
class AccessLogOutputTests {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    private final List<Appender<ILoggingEvent>> saved = new ArrayList<>();
    private Level savedLevel;
    private boolean savedAdditive;

    @BeforeEach
    void save() {
        logger.iteratorForAppenders().forEachRemaining(saved::add);
        savedLevel = logger.getLevel();
        savedAdditive = logger.isAdditive();
        logger.detachAndStopAllAppenders();
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    @AfterEach
    void restore() {
        logger.iteratorForAppenders().forEachRemaining(Appender::stop);
        logger.detachAndStopAllAppenders();
        saved.forEach(appender -> {
            appender.start();
            logger.addAppender(appender);
        });
        logger.setLevel(savedLevel);
        logger.setAdditive(savedAdditive);
    }

    @Test
    void attachesOneBatchingAppenderOnce() {
        BatchingLineAppender first = AccessLogConfiguration.defaultOutput();
        BatchingLineAppender second = AccessLogConfiguration.defaultOutput();

        assertThat(first).isNotNull().isSameAs(second);
        assertThat(first.isStarted()).isTrue();
        List<Appender<ILoggingEvent>> attached = new ArrayList<>();
        logger.iteratorForAppenders().forEachRemaining(attached::add);
        assertThat(attached).containsExactly(first);
        assertThat(logger.isAdditive()).isFalse();
        assertThat(logger.getLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void leavesALevelSetForTheLoggerAlone() {
        logger.setLevel(Level.OFF); // logging.level.ficus.access=off

        AccessLogConfiguration.defaultOutput();

        assertThat(logger.getLevel()).isEqualTo(Level.OFF);
    }

    @Test
    void anAppenderFromTheUsersOwnLoggingConfigurationWins() {
        ListAppender<ILoggingEvent> own = new ListAppender<>();
        own.start();
        logger.addAppender(own);

        assertThat(AccessLogConfiguration.defaultOutput()).isNull();

        List<Appender<ILoggingEvent>> attached = new ArrayList<>();
        logger.iteratorForAppenders().forEachRemaining(attached::add);
        assertThat(attached).containsExactly(own);
        assertThat(logger.isAdditive()).isTrue();
    }
}
