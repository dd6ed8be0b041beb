package dev.ficus.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.rules.Side;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two small stub backends for the embedded demo: a "SafeWork Flask monolith" (legacy) and "SafeWork on Lambda"
 * (modern). Each answers every HTTP request with a JSON body that names itself and echoes what it received, and
 * echoes WebSocket messages prefixed with its side.
 */
public final class DemoBackends implements AutoCloseable {

    private final DisposableServer legacy;
    private final DisposableServer modern;

    private DemoBackends(DisposableServer legacy, DisposableServer modern) {
        this.legacy = legacy;
        this.modern = modern;
    }

    /** Starts both stubs on loopback; port 0 picks a free port. */
    public static DemoBackends start(int legacyPort, int modernPort, ObjectMapper json) {
        DisposableServer legacy = serve(Side.LEGACY, "safework-flask-monolith", legacyPort, json);
        try {
            return new DemoBackends(legacy, serve(Side.MODERN, "safework-lambda", modernPort, json));
        }
        catch (RuntimeException e) {
            legacy.disposeNow();
            throw e;
        }
    }

    public int legacyPort() {
        return legacy.port();
    }

    public int modernPort() {
        return modern.port();
    }

    @Override
    public void close() {
        legacy.disposeNow(Duration.ofSeconds(2));
        modern.disposeNow(Duration.ofSeconds(2));
    }

    private static DisposableServer serve(Side side, String service, int port, ObjectMapper json) {
        try {
            return HttpServer.create()
                    .host("127.0.0.1")
                    .port(port)
                    .handle((request, response) -> handle(side, service, request, response, json))
                    .bindNow(Duration.ofSeconds(5));
        }
        catch (RuntimeException e) {
            throw new IllegalStateException("demo " + side.id() + " backend: port " + port
                    + " is not available (expected: a free port; set ficus.demo." + side.id() + "-port)", e);
        }
    }

    private static Publisher<Void> handle(Side side, String service, HttpServerRequest request,
            HttpServerResponse response, ObjectMapper json) {
        if (request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return response.sendWebsocket((in, out) -> out.sendString(
                    in.receive().asString().map(message -> side.id() + ": " + message)));
        }
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("side", side.id());
                    answer.put("service", service);
                    answer.put("method", request.method().name());
                    answer.put("uri", request.uri());
                    answer.put("user", request.requestHeaders().get("X-User-Id"));
                    answer.put("forwardedFor", request.requestHeaders().get("X-Forwarded-For"));
                    answer.put("bodyBytes", body.length);
                    answer.put("at", Instant.now().toString());
                    byte[] bytes;
                    try {
                        bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer);
                    }
                    catch (Exception e) {
                        return Mono.error(e);
                    }
                    return response.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .header("X-Demo-Side", side.id())
                            .sendByteArray(Mono.just(bytes))
                            .then();
                });
    }
}
