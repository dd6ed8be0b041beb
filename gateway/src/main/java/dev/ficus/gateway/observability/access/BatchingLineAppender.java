package dev.ficus.gateway.observability.access;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes each event's message as one line ({@code %msg%n}, UTF-8) to stdout, asynchronously and in batches: the
 * logging thread (the Netty event loop, for the access log) only offers the message to a bounded queue; a writer
 * thread wakes every {@code flushMillis} (default 100), takes everything queued and writes it with one
 * {@code write} to stdout.
 *
 * <p>What Logback's {@code AsyncAppender} in front of a {@code ConsoleAppender} does, without its two per-line
 * costs: the {@code AsyncAppender} wakes its worker through the queue's condition on every line that finds it
 * idle (a futex wake-up and a context switch per request under moderate load), and the console appender writes
 * and flushes every line with a system call of its own. As with {@code neverBlock=true}: when the queue is full,
 * new lines are dropped (and counted, see {@link #dropped()}), never waited for. Lines reach stdout at most
 * {@code flushMillis} late; {@link #stop()} writes what is still queued.
 */
public final class BatchingLineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private static final byte[] LINE_END = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

    private int queueSize = 8192;
    private long flushMillis = 100;
    private PrintStream out;
    private ArrayBlockingQueue<String> queue;
    private Thread writer;
    private final AtomicLong dropped = new AtomicLong();

    /** Lines kept until the writer takes them; beyond that, lines are dropped. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    /** How often the writer wakes to write what was queued. */
    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    /** Lines dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    /** For tests: the stream lines go to (default {@link System#out}, read when the appender starts). */
    void setOut(PrintStream out) {
        this.out = out;
    }

    @Override
    public void start() {
        if (queueSize < 1 || flushMillis < 1) {
            addError("queueSize and flushMillis must be positive: " + queueSize + ", " + flushMillis);
            return;
        }
        if (out == null) {
            out = System.out;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writer = new Thread(this::writeLoop, "ficus-access-log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // No signal reaches the writer: it never waits on the queue (it parks on a timer), so offer() wakes nobody.
        if (!queue.offer(event.getFormattedMessage())) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQueued(new ArrayList<>(), new Bytes(8192));
    }

    private void writeLoop() {
        List<String> lines = new ArrayList<>(1024);
        Bytes bytes = new Bytes(64 * 1024);
        while (isStarted()) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(flushMillis));
            try {
                writeQueued(lines, bytes);
            }
            catch (RuntimeException e) {
                addError("Cannot write access log lines", e);
            }
        }
    }

    /** Writes everything queued, in chunks of about 64 KB, each with one write to the stream. */
    private void writeQueued(List<String> lines, Bytes bytes) {
        // one write(byte[], off, len) per chunk: PrintStream passes it on whole, one system call
        while (queue.drainTo(lines, 1024) > 0) {
            for (String line : lines) {
                byte[] encoded = line.getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                bytes.write(LINE_END, 0, LINE_END.length);
            }
            lines.clear();
            if (bytes.size() >= 48 * 1024 || queue.isEmpty()) {
                synchronized (out) {
                    out.write(bytes.buffer(), 0, bytes.size());
                    out.flush();
                }
                bytes.reset();
            }
        }
    }

    /** A byte buffer whose array can be written without a copy. */
    private static final class Bytes extends ByteArrayOutputStream {

        Bytes(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }
    }
}
