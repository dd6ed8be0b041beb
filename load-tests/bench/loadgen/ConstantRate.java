import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-model, constant-rate HTTP load generator (what wrk2 does; wrk2 is not packaged in Debian).
 *
 * <p>Requests are sent on a fixed schedule whatever the responses do, and each latency is measured from the request's
 * <em>intended</em> send time, so a stalled target shows up as latency instead of fewer samples (no coordinated
 * omission). Run with the JDK's source launcher, no dependencies:
 *
 * <pre>java ConstantRate.java URL RATE_PER_S SECONDS [WARMUP_SECONDS]</pre>
 *
 * The first WARMUP_SECONDS (default 3) run at the same rate and are not recorded: they warm this JVM's HTTP client
 * and open its connections, so the measured part is not the generator's own cold start.
 *
 * Prints one line: {@code rate=… sent=… ok=… errors=… p50_ms=… p99_ms=… p999_ms=… max_ms=…}. Requests still open 5 s
 * after the last send count as errors.
 */
public final class ConstantRate {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java ConstantRate.java URL RATE_PER_S SECONDS [WARMUP_SECONDS]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        if (rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("rate and seconds: " + rate + ", " + seconds + " (expected: > 0)");
        }
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "loadgen-io");
                    t.setDaemon(true);
                    return t;
                }))
                .build();

        int warmup = rate * warmupSeconds;
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = -warmup; i < total; i++) {
            long intended = start + i * periodNanos + warmup * periodNanos;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i < 0) {
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                continue;
            }
            int slot = i;
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                latencies[slot] = System.nanoTime() - intended;
                if (failure == null && response.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
                done.countDown();
            });
        }
        boolean finished = done.await(5, TimeUnit.SECONDS);
        int unfinished = (int) done.getCount();
        long[] sorted;
        synchronized (latencies) {
            sorted = latencies.clone();
        }
        Arrays.sort(sorted);
        // Unfinished requests have latency 0 in the array; count them as errors and leave them out of the percentiles.
        long[] measured = Arrays.copyOfRange(sorted, finished ? 0 : unfinished, sorted.length);
        System.out.printf("rate=%d sent=%d ok=%d errors=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                rate, total, ok.get(), errors.get() + unfinished,
                percentile(measured, 0.50), percentile(measured, 0.99), percentile(measured, 0.999),
                measured.length == 0 ? Double.NaN : measured[measured.length - 1] / 1e6);
        System.exit(0);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
