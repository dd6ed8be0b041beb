import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Open-model, constant-rate HTTP/1.1 load generator (what wrk2 does; wrk2 is not packaged in Debian).
 *
 * <p>Requests are due on a fixed schedule whatever the responses do, and each latency is measured from the request's
 * <em>intended</em> send time, so a stalled target shows up as latency instead of fewer samples (no coordinated
 * omission). One thread, one selector, a fixed set of keep-alive connections (default 64); a due request goes out on
 * the first idle connection, and waits in a queue (its wait counted in its latency) when all are busy. No
 * dependencies, no JDK HttpClient (whose per-request cost saturated a core at 1,000 req/s and made the generator,
 * not the target, the bottleneck). Run with the JDK's source launcher:
 *
 * <pre>java ConstantRate.java URL RATE_PER_S SECONDS [WARMUP_SECONDS] [CONNECTIONS]</pre>
 *
 * The first WARMUP_SECONDS (default 3) run at the same rate and are not recorded. Prints one line:
 * {@code rate=… sent=… ok=… errors=… p50_ms=… p99_ms=… p999_ms=… max_ms=…}. A non-2xx status, a connection error or a
 * request still open 5 s after the last one was due counts as an error.
 */
public final class ConstantRate {

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java ConstantRate.java URL RATE_PER_S SECONDS [WARMUP_SECONDS] [CONNECTIONS]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        if (rate <= 0 || seconds <= 0 || warmupSeconds < 0 || connections <= 0) {
            throw new IllegalArgumentException("rate, seconds, warm-up, connections: " + rate + ", " + seconds + ", "
                    + warmupSeconds + ", " + connections + " (expected: > 0, > 0, >= 0, > 0)");
        }
        try {
            new ConstantRate(uri, rate, seconds, warmupSeconds, connections).run();
        }
        catch (IOException e) {
            System.err.println("cannot connect to " + uri + ": " + e);
            System.exit(1);
        }
    }

    private final InetSocketAddress address;
    private final ByteBuffer request;
    private final int rate;
    private final int warmup;
    private final int total;
    private final int connectionCount;
    private final long[] latencies;
    private final ArrayDeque<long[]> due = new ArrayDeque<>(); // {index, intendedNanos}
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private Selector selector;
    private int ok;
    private int errors;
    private int finished;

    private ConstantRate(URI uri, int rate, int seconds, int warmupSeconds, int connections) {
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        this.address = new InetSocketAddress(uri.getHost(), port);
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String text = "GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
                + "\r\nUser-Agent: ficus-bench\r\nAccept: */*\r\n\r\n";
        this.request = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        this.rate = rate;
        this.warmup = rate * warmupSeconds;
        this.total = rate * seconds;
        this.connectionCount = connections;
        this.latencies = new long[total];
    }

    private void run() throws IOException {
        selector = Selector.open();
        for (int i = 0; i < connectionCount; i++) {
            idle.add(open());
        }
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        int next = -warmup;
        long deadline = Long.MAX_VALUE;
        while (finished < total + warmup) {
            long now = System.nanoTime();
            while (next < total && start + (long) (next + warmup) * period <= now) {
                due.add(new long[] {next, start + (long) (next + warmup) * period});
                next++;
            }
            if (next == total && deadline == Long.MAX_VALUE) {
                deadline = now + TimeUnit.SECONDS.toNanos(5);
            }
            if (now > deadline) {
                break;
            }
            while (!due.isEmpty() && !idle.isEmpty()) {
                send(idle.poll(), due.poll());
            }
            long waitNanos = next < total ? start + (long) (next + warmup) * period - System.nanoTime()
                    : TimeUnit.MILLISECONDS.toNanos(10);
            if (waitNanos <= 0) {
                selector.selectNow();
            }
            else {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
            }
            for (SelectionKey key : selector.selectedKeys()) {
                ((Connection) key.attachment()).ready();
            }
            selector.selectedKeys().clear();
        }
        int measuredFinished = ok + errors;
        errors += total - Math.min(total, measuredFinished); // still open at the deadline
        report();
    }

    private Connection open() throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        channel.configureBlocking(false);
        channel.socket().setTcpNoDelay(true);
        Connection connection = new Connection(channel);
        connection.key = channel.register(selector, 0, connection);
        return connection;
    }

    private void send(Connection connection, long[] job) {
        connection.job = job;
        connection.out = request.duplicate();
        connection.in.clear();
        connection.flush();
    }

    private void complete(Connection connection, boolean success) {
        long latency = System.nanoTime() - connection.job[1];
        int index = (int) connection.job[0];
        finished++;
        if (index >= 0) {
            if (success) {
                latencies[ok++] = latency;
            }
            else {
                errors++;
            }
        }
        connection.job = null;
        if (!due.isEmpty()) {
            send(connection, due.poll());
        }
        else {
            idle.add(connection);
        }
    }

    private void fail(Connection connection) {
        long[] job = connection.job;
        connection.close();
        try {
            Connection fresh = open();
            if (job != null) {
                fresh.job = job;
                complete(fresh, false);
            }
            else {
                idle.add(fresh);
            }
        }
        catch (IOException e) {
            System.err.println("cannot reconnect to " + address + ": " + e);
            System.exit(1);
        }
    }

    private void report() {
        long[] measured = Arrays.copyOf(latencies, ok);
        Arrays.sort(measured);
        System.out.printf(Locale.ROOT, "rate=%d sent=%d ok=%d errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                rate, total, ok, errors, percentile(measured, 0.50), percentile(measured, 0.99),
                percentile(measured, 0.999), measured.length == 0 ? 0.0 : measured[measured.length - 1] / 1e6);
        System.exit(0);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0.0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** One keep-alive connection with at most one request in flight. */
    private final class Connection {

        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        SelectionKey key;
        ByteBuffer out;
        long[] job;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void flush() {
            try {
                channel.write(out);
                key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
            catch (IOException e) {
                fail(this);
            }
        }

        void ready() {
            if (!key.isValid()) {
                return;
            }
            if (key.isWritable()) {
                flush();
                return;
            }
            try {
                int read = channel.read(in);
                if (read < 0) {
                    fail(this);
                    return;
                }
            }
            catch (IOException e) {
                fail(this);
                return;
            }
            int status = parsedStatus();
            if (status == 0) {
                return; // response not complete yet
            }
            boolean success = status >= 200 && status < 300;
            if (!headerValue("connection").equalsIgnoreCase("close")) {
                complete(this, success);
                return;
            }
            long[] finishedJob = job; // the server closes this connection: finish the request on a fresh one
            close();
            try {
                Connection fresh = open();
                fresh.job = finishedJob;
                complete(fresh, success);
            }
            catch (IOException e) {
                System.err.println("cannot reconnect to " + address + ": " + e);
                System.exit(1);
            }
        }

        /** The status when a whole response is in the buffer, else 0; the buffer is then left for the next. */
        int parsedStatus() {
            byte[] data = in.array();
            int length = in.position();
            int headerEnd = indexOf(data, length, HEADER_END, 0);
            if (headerEnd < 0) {
                return 0;
            }
            int bodyStart = headerEnd + 4;
            String contentLength = headerValue("content-length");
            boolean complete;
            if (!contentLength.isEmpty()) {
                complete = length >= bodyStart + Integer.parseInt(contentLength.trim());
            }
            else if (headerValue("transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
                complete = length >= bodyStart + 5 && indexOf(data, length, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                        length - 5) == length - 5;
            }
            else {
                complete = true;
            }
            if (!complete) {
                return 0;
            }
            return Integer.parseInt(new String(data, 9, 3, StandardCharsets.US_ASCII));
        }

        String headerValue(String lowerCaseName) {
            byte[] data = in.array();
            int headerEnd = indexOf(data, in.position(), HEADER_END, 0);
            String head = new String(data, 0, Math.max(0, headerEnd), StandardCharsets.ISO_8859_1);
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }

        void close() {
            key.cancel();
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static int indexOf(byte[] data, int length, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
