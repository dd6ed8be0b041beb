package dev.ficus.gateway.observability;

import dev.ficus.gateway.rollout.RolloutMeasurementSource;
import dev.ficus.rules.Side;
import dev.ficus.rules.rollout.Measurement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What each route's sides did recently, kept in memory independently of any metrics scrape: per route and side a
 * ring of one-second buckets covering {@code window}, each with the upstream calls, the failed ones (as the breaker
 * judged them, including calls an open breaker refused) and a latency histogram; per route also the requests each
 * side served (the live split). Rollout gates read it ({@link #measure}), and so does the admin API ({@link #view}).
 *
 * <p>The histogram has fixed log-spaced buckets from 1 ms to 60 s, 10 % apart; a percentile is reported as the
 * geometric middle of its bucket, so it is within 5 % of the true value (below 1 ms: reported as 1 ms). Memory:
 * {@code window} seconds × 2 sides × 120 longs per route that saw traffic (about 560 KB per route for the
 * default 5 minutes), allocated on first use and recycled. Recording takes no lock except once per slot per second,
 * when the slot is recycled for the new second.
 */
public final class TrafficWindows implements TrafficObserver, RolloutMeasurementSource {

    static final double BUCKET_RATIO = 1.1;
    static final long MIN_NANOS = 1_000_000L;
    static final int LATENCY_BUCKETS;
    private static final double LOG_RATIO = Math.log(BUCKET_RATIO);
    private static final int REQUESTS = 0;
    private static final int FAILURES = 1;
    private static final int SERVED = 2;
    private static final int HISTOGRAM = 3;

    static {
        LATENCY_BUCKETS = 1 + (int) Math.ceil(Math.log(60_000_000_000.0 / MIN_NANOS) / LOG_RATIO);
    }

    private final Clock clock;
    private final int seconds;
    private final ConcurrentMap<String, RouteWindow> routes = new ConcurrentHashMap<>();

    /**
     * @param window how far back the windows reach (whole seconds, 10 s..1 h)
     */
    public TrafficWindows(Duration window, Clock clock) {
        long s = window.toSeconds();
        if (s < 10 || s > 3600 || window.toNanosPart() != 0) {
            throw new IllegalArgumentException("ficus.traffic.window: " + window + " (expected: whole seconds, 10s..1h)");
        }
        this.seconds = (int) s;
        this.clock = clock;
    }

    /** The span the windows cover. */
    public Duration window() {
        return Duration.ofSeconds(seconds);
    }

    @Override
    public void onUpstreamCall(UpstreamCall call) {
        if (call.routeId() == null || call.side() == null) {
            return;
        }
        route(call.routeId()).side(call.side()).recordCall(epochSecond(), call.latencyNanos(), !call.succeeded());
    }

    @Override
    public void onRequest(CompletedRequest request) {
        if (request.routeId() == null || request.served() == null) {
            return;
        }
        route(request.routeId()).side(request.served()).recordServed(epochSecond());
    }

    /** Drops the windows of routes that are no longer in the catalogue. */
    public void retainRoutes(Collection<String> routeIds) {
        Set<String> keep = Set.copyOf(routeIds);
        routes.keySet().removeIf(id -> !keep.contains(id));
    }

    @Override
    public Measurement measure(String routeId, Instant from, Instant to) {
        RouteWindow route = routes.get(routeId);
        if (route == null) {
            return new Measurement(0, 0, Duration.ZERO, Duration.ZERO, 0);
        }
        Totals modern = route.modern.totals(firstSecond(from, to), lastSecondExclusive(to));
        Totals legacy = route.legacy.totals(firstSecond(from, to), lastSecondExclusive(to));
        return new Measurement(modern.requests, modern.failures, modern.percentile(0.50), modern.percentile(0.99),
                legacy.errorRatePercent());
    }

    /** The last {@code span} of a route (at most the window), for operators; all zero for an unknown route. */
    public RouteTraffic view(String routeId, Duration span) {
        Instant to = clock.instant();
        Instant from = to.minus(span);
        RouteWindow route = routes.get(routeId);
        if (route == null) {
            return new RouteTraffic(span.toSeconds() + "s", 0, SideTraffic.EMPTY, SideTraffic.EMPTY);
        }
        long first = firstSecond(from, to);
        long last = lastSecondExclusive(to);
        Totals modern = route.modern.totals(first, last);
        Totals legacy = route.legacy.totals(first, last);
        long served = modern.served + legacy.served;
        double share = served == 0 ? 0 : Totals.round(100.0 * modern.served / served);
        double spanSeconds = Math.max(1, last - first);
        return new RouteTraffic(span.toSeconds() + "s", share, modern.view(spanSeconds), legacy.view(spanSeconds));
    }

    private long firstSecond(Instant from, Instant to) {
        long oldestKept = lastSecondExclusive(clock.instant()) - seconds;
        return Math.max(from.getEpochSecond(), oldestKept);
    }

    private static long lastSecondExclusive(Instant to) {
        return to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0);
    }

    private long epochSecond() {
        return Math.floorDiv(clock.millis(), 1000);
    }

    private RouteWindow route(String routeId) {
        RouteWindow window = routes.get(routeId);
        return window != null ? window : routes.computeIfAbsent(routeId, id -> new RouteWindow(seconds));
    }

    static int bucketOf(long nanos) {
        if (nanos <= MIN_NANOS) {
            return 0;
        }
        int index = 1 + (int) (Math.log((double) nanos / MIN_NANOS) / LOG_RATIO);
        return Math.min(index, LATENCY_BUCKETS - 1);
    }

    /** Geometric middle of a histogram bucket, in nanoseconds. */
    static long middleOf(int bucket) {
        if (bucket == 0) {
            return MIN_NANOS;
        }
        return (long) (MIN_NANOS * Math.pow(BUCKET_RATIO, bucket - 0.5));
    }

    /** One side's numbers over a span. */
    public record SideTraffic(long requests, long failures, double errorRate, double p50Ms, double p99Ms, double rps) {
        static final SideTraffic EMPTY = new SideTraffic(0, 0, 0, 0, 0, 0);
    }

    /** One route over a span: the modern side's share of the requests served, and each side's upstream calls. */
    public record RouteTraffic(String window, double modernShare, SideTraffic modern, SideTraffic legacy) {
    }

    private static final class RouteWindow {
        final SideWindow legacy;
        final SideWindow modern;

        RouteWindow(int seconds) {
            this.legacy = new SideWindow(seconds);
            this.modern = new SideWindow(seconds);
        }

        SideWindow side(Side side) {
            return side == Side.MODERN ? modern : legacy;
        }
    }

    private static final class SideWindow {
        /** The epoch second each slot holds; written under the lock, read without it. */
        final AtomicLongArray bucketSecond;
        final AtomicReferenceArray<AtomicLongArray> buckets;

        SideWindow(int seconds) {
            this.bucketSecond = new AtomicLongArray(seconds);
            this.buckets = new AtomicReferenceArray<>(seconds);
            for (int i = 0; i < seconds; i++) {
                bucketSecond.set(i, Long.MIN_VALUE);
            }
        }

        void recordCall(long second, long latencyNanos, boolean failed) {
            AtomicLongArray bucket = bucketFor(second);
            bucket.incrementAndGet(REQUESTS);
            if (failed) {
                bucket.incrementAndGet(FAILURES);
            }
            bucket.incrementAndGet(HISTOGRAM + bucketOf(latencyNanos));
        }

        void recordServed(long second) {
            bucketFor(second).incrementAndGet(SERVED);
        }

        private AtomicLongArray bucketFor(long second) {
            int index = (int) Math.floorMod(second, (long) buckets.length());
            if (bucketSecond.get(index) == second) {
                return buckets.get(index);
            }
            synchronized (this) { // once per slot per second: recycle the slot for this second
                AtomicLongArray bucket = buckets.get(index);
                if (bucket == null) {
                    bucket = new AtomicLongArray(HISTOGRAM + LATENCY_BUCKETS);
                    buckets.set(index, bucket);
                }
                else if (bucketSecond.get(index) != second) {
                    for (int i = 0; i < bucket.length(); i++) {
                        bucket.set(i, 0);
                    }
                }
                bucketSecond.set(index, second);
                return bucket;
            }
        }

        /** Sums the buckets of the seconds in {@code [first, last)}. */
        Totals totals(long first, long last) {
            Totals totals = new Totals();
            for (long second = first; second < last; second++) {
                int index = (int) Math.floorMod(second, (long) buckets.length());
                if (bucketSecond.get(index) == second) {
                    totals.add(buckets.get(index));
                }
            }
            return totals;
        }
    }

    private static final class Totals {
        long requests;
        long failures;
        long served;
        final long[] histogram = new long[LATENCY_BUCKETS];

        void add(AtomicLongArray bucket) {
            requests += bucket.get(REQUESTS);
            failures += bucket.get(FAILURES);
            served += bucket.get(SERVED);
            for (int i = 0; i < LATENCY_BUCKETS; i++) {
                histogram[i] += bucket.get(HISTOGRAM + i);
            }
        }

        Duration percentile(double q) {
            long counted = 0;
            for (long count : histogram) {
                counted += count;
            }
            if (counted == 0) {
                return Duration.ZERO;
            }
            long rank = (long) Math.ceil(q * counted);
            long seen = 0;
            for (int i = 0; i < histogram.length; i++) {
                seen += histogram[i];
                if (seen >= rank) {
                    return Duration.ofNanos(middleOf(i));
                }
            }
            return Duration.ofNanos(middleOf(histogram.length - 1));
        }

        double errorRatePercent() {
            return requests == 0 ? 0 : Math.min(100, 100.0 * Math.min(failures, requests) / requests);
        }

        SideTraffic view(double spanSeconds) {
            return new SideTraffic(requests, Math.min(failures, requests), round(errorRatePercent()),
                    round(percentile(0.50).toNanos() / 1e6), round(percentile(0.99).toNanos() / 1e6),
                    round(requests / spanSeconds));
        }

        static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }
}
