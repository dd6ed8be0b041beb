package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchingLineAppenderTests {

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();

    private BatchingLineAppender appender(int queueSize, long flushMillis) {
        BatchingLineAppender appender = new BatchingLineAppender();
        appender.setContext(context);
        appender.setQueueSize(queueSize);
        appender.setFlushMillis(flushMillis);
        appender.setOut(new PrintStream(written, true, StandardCharsets.UTF_8));
        appender.start();
        return appender;
    }

    private LoggingEvent event(String message) {
        return new LoggingEvent("test", context.getLogger("ficus.access"), Level.INFO, message, null, null);
    }

    private String output() {
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesEachMessageAsOneLineInOrderSoonAfter() {
        BatchingLineAppender appender = appender(100, 10);
        appender.doAppend(event("{\"a\":1}"));
        appender.doAppend(event("{\"b\":\"é\"}"));

        String n = System.lineSeparator();
        await().atMost(Duration.ofSeconds(5)).until(() -> output().equals("{\"a\":1}" + n + "{\"b\":\"é\"}" + n));
        appender.stop();
    }

    @Test
    void stopWritesWhatIsStillQueued() {
        BatchingLineAppender appender = appender(100, 60_000);
        for (int i = 0; i < 50; i++) {
            appender.doAppend(event("line " + i));
        }

        appender.stop();

        assertThat(output().lines()).hasSize(50).startsWith("line 0").endsWith("line 49");
    }

    @Test
    void dropsNewLinesWhenTheQueueIsFullInsteadOfBlocking() {
        BatchingLineAppender appender = appender(10, 60_000);
        for (int i = 0; i < 25; i++) {
            appender.doAppend(event("line " + i));
        }

        assertThat(appender.dropped()).isEqualTo(15);
        appender.stop();
        assertThat(output().lines()).hasSize(10).endsWith("line 9");
    }
}
