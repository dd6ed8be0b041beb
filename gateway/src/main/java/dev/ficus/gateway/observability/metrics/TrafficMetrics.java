package dev.ficus.gateway.observability.metrics;

import dev.ficus.gateway.observability.CompletedRequest;
import dev.ficus.gateway.observability.TrafficObserver;
import dev.ficus.gateway.observability.UpstreamCall;
import dev.ficus.gateway.routing.RoutingTable;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ficus.requests} (one per proxied request, with a percentile histogram) and {@code ficus.upstream.calls}
 * (one per call to a side, breaker-refused ones included; no histogram), fed by the traffic events.
 *
 * <p>Tags are bounded: route id ({@code none} when no route matched), side, outcome, status class, method (a fixed
 * set, else {@code OTHER}) and the failure reason id. Timers are cached per tag combination so the request path
 * does one map lookup, not a registry lookup with a fresh meter id. Meters of routes a reload removed are removed
 * too (no stale series).
 */
public final class TrafficMetrics implements TrafficObserver {

    public static final String REQUESTS = "ficus.requests";
    public static final String UPSTREAM_CALLS = "ficus.upstream.calls";
    /** Counted by the resilience filter when a request falls back; removed here with its route. */
    public static final String FALLBACKS = "ficus.fallbacks";

    /**
     * Histogram range. Micrometer's percentile histogram keeps only its fixed buckets inside [min, max]: 1 ms to
     * 30 s gives 68 buckets plus +Inf (72 series per tag combination with _count, _sum
     * and _max; measured by MetricsIntegrationTests), from well under a fast upstream's latency to beyond the default 15 s
     * response timeout, with the 200 ms rollout bound between two buckets 11 % apart.
     */
    static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    static final Duration MAX_EXPECTED = Duration.ofSeconds(30);

    private final MeterRegistry registry;
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<CallKey, Timer> calls = new ConcurrentHashMap<>();

    public TrafficMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onRequest(CompletedRequest request) {
        RequestKey key = new RequestKey(MetricTags.route(request.routeId()), MetricTags.side(request.served()),
                request.outcome().id(), MetricTags.statusClass(request.status()), MetricTags.method(request.method()));
        requests.computeIfAbsent(key, this::requestTimer).record(request.durationNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onUpstreamCall(UpstreamCall call) {
        CallKey key = new CallKey(call.routeId(), MetricTags.side(call.side()),
                call.failure() == null ? "success" : call.failure().id());
        calls.computeIfAbsent(key, this::callTimer).record(Math.max(0, call.latencyNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Removes the request, call and fallback meters of every route {@code table} does not have (a reload removed
     * it), so no stale series stays behind.
     */
    public synchronized void follow(RoutingTable table) {
        requests.keySet().removeIf(key -> gone(table, key.route));
        calls.keySet().removeIf(key -> gone(table, key.route));
        for (String name : new String[] {REQUESTS, UPSTREAM_CALLS, FALLBACKS}) {
            for (Meter meter : registry.find(name).meters()) {
                if (gone(table, meter.getId().getTag("route"))) {
                    registry.remove(meter);
                }
            }
        }
    }

    private static boolean gone(RoutingTable table, String route) {
        return route != null && !MetricTags.NONE.equals(route) && table.route(route) == null;
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder(REQUESTS)
                .description("Requests through the proxy port, from arrival to response commit")
                .tag("route", key.route).tag("side", key.side).tag("outcome", key.outcome)
                .tag("status", key.status).tag("method", key.method)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }

    private Timer callTimer(CallKey key) {
        return Timer.builder(UPSTREAM_CALLS)
                .description("Calls to a route side, as its circuit breaker judged them; result is success or why "
                        + "the call failed")
                .tag("route", key.route).tag("side", key.side).tag("result", key.result)
                .publishPercentileHistogram(false)
                .register(registry);
    }

    private record RequestKey(String route, String side, String outcome, String status, String method) {
    }

    private record CallKey(String route, String side, String result) {
    }
}
