package dev.ficus.gateway.observability.access;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ficus.gateway.observability.CompletedRequest;
import dev.ficus.gateway.observability.TrafficObserver;
import dev.ficus.gateway.routing.FicusExchangeAttributes;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One JSON line per proxied request on logger {@code ficus.access}, written when the response is committed:
 * {@code time, method, route, path} (the route's path template, never the raw path), {@code status, decided,
 * served, fallback} (reason or {@code null}), {@code latencyMs, upstreamMs, traceId, clientIp}.
 *
 * <p>Runs on the event loop: it only formats the line; the appender configured for {@code ficus.access} in
 * {@code logback-spring.xml} is asynchronous with a bounded queue that drops rather than blocks. Values are written
 * by Jackson's generator, so quotes, backslashes and control characters from headers are escaped.
 *
 * <p>{@code clientIp} is the peer address, or, when the peer matches {@code ficus.trusted-proxies} (the same trust
 * the forwarded headers to upstreams use), the right-most {@code X-Forwarded-For} entry that is not itself a trusted
 * proxy.
 */
public final class AccessLog implements TrafficObserver {

    public static final String LOGGER = "ficus.access";

    private static final JsonFactory JSON = new JsonFactory();

    private final Logger log;
    private final Clock clock;
    private final Pattern trustedProxies;

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
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", clock.instant().toString());
            json.writeStringField("method", request.method());
            json.writeStringField("route", request.routeId());
            json.writeStringField("path", request.exchange().getAttribute(FicusExchangeAttributes.PATH_TEMPLATE));
            json.writeNumberField("status", request.status());
            json.writeStringField("decided", request.decided() == null ? null : request.decided().id());
            json.writeStringField("served", request.served() == null ? null : request.served().id());
            json.writeStringField("fallback", request.fallbackReason());
            json.writeNumberField("latencyMs", millis(request.durationNanos()));
            json.writeFieldName("upstreamMs");
            if (request.upstreamNanos() < 0) {
                json.writeNull();
            }
            else {
                json.writeNumber(millis(request.upstreamNanos()));
            }
            json.writeStringField("traceId", traceId(request));
            json.writeStringField("clientIp", clientIp(request.exchange().getRequest()));
            json.writeEndObject();
        }
        catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    private static String traceId(CompletedRequest request) {
        ServerRequestObservationContext context = ServerRequestObservationContext
                .findCurrent(request.exchange().getAttributes()).orElse(null);
        if (context == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        io.micrometer.tracing.Span span = tracing == null ? null : tracing.getSpan();
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
