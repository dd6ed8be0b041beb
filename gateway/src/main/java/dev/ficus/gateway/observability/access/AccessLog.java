package dev.ficus.gateway.observability.access;

import dev.ficus.gateway.observability.CompletedRequest;
import dev.ficus.gateway.observability.ProxyServerSpans;
import dev.ficus.gateway.observability.TrafficObserver;
import dev.ficus.gateway.routing.FicusExchangeAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One JSON line per proxied request on logger {@code ficus.access}, written when the response is committed:
 * {@code time, method, route, path} (the route's path template, never the raw path), {@code status, decided,
 * served, fallback} (reason or {@code null}), {@code latencyMs, upstreamMs, traceId, clientIp}.
 *
 * <p>Runs on the event loop: it only formats the line; the appender {@link AccessLogConfiguration} gives
 * {@code ficus.access} ({@link BatchingLineAppender}) is asynchronous with a bounded queue that drops rather than
 * blocks. The line is built in one {@link StringBuilder}; string values are escaped as Jackson's generator
 * escapes them (quotes, backslashes, control characters), numbers printed as it prints them.
 *
 * <p>{@code clientIp} is the peer address, or, when the peer matches {@code ficus.trusted-proxies} (the same trust
 * the forwarded headers to upstreams use), the right-most {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy.
 */
public final class AccessLog implements TrafficObserver {

    public static final String LOGGER = "ficus.access";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Logger log;
    private final Clock clock;
    private final Pattern trustedProxies;
    /** The formatted date and time of day of the last second a line was written in (racy but benign). */
    private volatile CachedSecond second;

    public AccessLog(Clock clock, Pattern trustedProxies) {
        this(LoggerFactory.getLogger(LOGGER), clock, trustedProxies);
    }

    AccessLog(Logger log, Clock clock, Pattern trustedProxies) {
        this.log = log;
        this.clock = clock;
        this.trustedProxies = trustedProxies;
    }

    @Override
    public void onRequest(CompletedRequest request) {
        if (log.isInfoEnabled()) {
            log.info(line(request));
        }
    }

    String line(CompletedRequest request) {
        StringBuilder json = new StringBuilder(320);
        json.append("{\"time\":\"");
        time(clock.instant(), json);
        json.append('"');
        field(json, "method", request.method());
        field(json, "route", request.routeId());
        field(json, "path", request.exchange().getAttribute(FicusExchangeAttributes.PATH_TEMPLATE));
        json.append(",\"status\":").append(request.status());
        field(json, "decided", request.decided() == null ? null : request.decided().id());
        field(json, "served", request.served() == null ? null : request.served().id());
        field(json, "fallback", request.fallbackReason());
        json.append(",\"latencyMs\":").append(millis(request.durationNanos()));
        json.append(",\"upstreamMs\":");
        if (request.upstreamNanos() < 0) {
            json.append("null");
        }
        else {
            json.append(millis(request.upstreamNanos()));
        }
        field(json, "traceId", traceId(request));
        field(json, "clientIp", clientIp(request.exchange().getRequest()));
        return json.append('}').toString();
    }

    /** {@code ,"name":"value"} (or {@code null}), the value escaped as Jackson's generator escapes it. */
    private static void field(StringBuilder json, String name, String value) {
        json.append(",\"").append(name).append("\":");
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        if (!needsEscaping(value)) {
            json.append(value).append('"'); // the usual case: one bulk copy instead of a char at a time
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            }
            else if (c < 0x20) {
                switch (c) {
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    case '\b' -> json.append("\\b");
                    case '\f' -> json.append("\\f");
                    default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
            else {
                json.append(c);
            }
        }
        json.append('"');
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link Instant#toString()} (ISO-8601, UTC, the fraction in 3, 6 or 9 digits as needed), with the date and
     * time of day formatted once per second instead of on every request.
     */
    private void time(Instant now, StringBuilder out) {
        long second = now.getEpochSecond();
        CachedSecond cached = this.second;
        if (cached == null || cached.epochSecond != second) {
            String whole = Instant.ofEpochSecond(second).toString();
            if (!whole.endsWith("Z") || whole.length() != 20) {
                out.append(now); // outside years 0000-9999: as Instant prints it
                return;
            }
            cached = new CachedSecond(second, whole.substring(0, whole.length() - 1));
            this.second = cached;
        }
        out.append(cached.prefix);
        int nano = now.getNano();
        if (nano > 0) {
            int digits;
            int value;
            if (nano % 1_000_000 == 0) {
                digits = 3;
                value = nano / 1_000_000;
            }
            else if (nano % 1_000 == 0) {
                digits = 6;
                value = nano / 1_000;
            }
            else {
                digits = 9;
                value = nano;
            }
            out.append('.');
            for (int scale = digits == 3 ? 100 : digits == 6 ? 100_000 : 100_000_000; scale > 0; scale /= 10) {
                out.append((char) ('0' + value / scale % 10));
            }
        }
        out.append('Z');
    }

    private record CachedSecond(long epochSecond, String prefix) {
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static String traceId(CompletedRequest request) {
        io.micrometer.tracing.Span span = ProxyServerSpans.of(request.exchange());
        return span == null ? null : span.context().traceId();
    }

    String clientIp(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        if (peer == null || !trusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.getHeaders().getOrEmpty("X-Forwarded-For");
        String client = peer;
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String[] hops = forwarded.get(i).split(",");
            for (int j = hops.length - 1; j >= 0; j--) {
                String hop = hops[j].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                client = hop;
                if (!trusted(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        return trustedProxies != null && trustedProxies.matcher(address).matches();
    }
}
