package dev.ficus.gateway.resilience;

import dev.ficus.gateway.observability.TrafficObservers;
import dev.ficus.gateway.observability.UpstreamCall;
import dev.ficus.gateway.routing.CompiledRoute;
import dev.ficus.gateway.routing.FicusExchangeAttributes;
import dev.ficus.gateway.routing.FicusRoutingFilter;
import dev.ficus.gateway.routing.ProblemWebExceptionHandler;
import dev.ficus.gateway.routing.UpstreamFailureException;
import dev.ficus.routes.ResiliencePolicy;
import dev.ficus.rules.Decision;
import dev.ficus.rules.Side;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import org.reactivestreams.Subscription;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.util.context.Context;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Function;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.removeAlreadyRouted;

/**
 * Keeps a failing side away from users. Each call to a side runs through that side's circuit breaker; the response
 * is judged on its status line, before any body is written, so a failed call can still be answered by the other
 * side:
 *
 * <ul>
 *   <li>the new side failing falls back to the monolith: always when nothing was sent (breaker open, connection
 *       refused), and after sending only for methods that are safe to replay (GET, HEAD, OPTIONS and the route's
 *       {@code replay-methods}) with a body small enough to have been kept; otherwise 502/504 problem+json naming
 *       the side — never a silent double write;</li>
 *   <li>the monolith failing is not hidden: its own error response passes through, an open breaker answers 503 with
 *       {@code Retry-After} at once; a route may opt in to fall back to the new side;</li>
 *   <li>a failed connection is retried once on the same side after a short jittered pause.</li>
 * </ul>
 */
public final class ResilienceFilter implements GatewayFilter, Ordered {

    public static final int ORDER = FicusRoutingFilter.ORDER + 1;

    private static final Duration RETRY_PAUSE = Duration.ofMillis(25);
    /** The pause after a failed connection is {@link #RETRY_PAUSE} plus up to this share of it. */
    private static final double RETRY_JITTER = 0.5;

    private final RouteBreakers breakers;
    private final MeterRegistry meters;
    private final TrafficObservers observers;

    public ResilienceFilter(RouteBreakers breakers, MeterRegistry meters, TrafficObservers observers) {
        this.breakers = breakers;
        this.meters = meters;
        this.observers = observers;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        CompiledRoute route = exchange.getAttribute(FicusExchangeAttributes.ROUTE);
        Decision decision = exchange.getAttribute(FicusExchangeAttributes.DECISION);
        if (route == null || decision == null) {
            return chain.filter(exchange);
        }
        SideBreakers sides = breakers.of(route.definition());
        if (isWebSocketUpgrade(exchange.getRequest())) {
            return webSocket(exchange, chain, route, decision.side(), sides);
        }
        Call call = new Call(chain, route, sides);
        ResiliencePolicy policy = route.definition().resilience();
        ServerHttpRequest request = exchange.getRequest();
        // Decided here, not in an operator: a request with no body to keep (every GET) costs no Mono of its own.
        if (!policy.replayable(request.getMethod().name())) {
            return call.serve(exchange, decision.side(), false);
        }
        HttpHeaders headers = request.getHeaders();
        long length = headers.getContentLength();
        boolean chunked = headers.containsKey(HttpHeaders.TRANSFER_ENCODING);
        if (!chunked && length <= 0) {
            return call.serve(exchange, decision.side(), true);
        }
        if (chunked || length > policy.maxReplayBody()) {
            return call.serve(exchange, decision.side(), false);
        }
        return keepBody(exchange, policy)
                .flatMap(kept -> call.serve(kept, decision.side(), true));
    }

    /** WebSockets are long-lived: no breaker accounting, but an open new-side breaker still sends them to legacy. */
    private Mono<Void> webSocket(ServerWebExchange exchange, GatewayFilterChain chain, CompiledRoute route, Side side,
            SideBreakers sides) {
        CircuitBreaker.State state = sides.modern().getState();
        if (side == Side.MODERN && (state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN)) {
            recordFallback(exchange, route, Side.MODERN, FailureReason.BREAKER_OPEN);
            FicusRoutingFilter.pointAt(exchange, route, Side.LEGACY);
        }
        return chain.filter(exchange);
    }

    /**
     * Buffers the request body (of a replayable method, with a known length within {@code max-replay-body}), so
     * that a replay after sending can send it again.
     */
    private static Mono<ServerWebExchange> keepBody(ServerWebExchange exchange, ResiliencePolicy policy) {
        ServerHttpRequest request = exchange.getRequest();
        DataBufferFactory factory = exchange.getResponse().bufferFactory();
        return DataBufferUtils.join(request.getBody(), (int) policy.maxReplayBody())
                .map(ResilienceFilter::drain)
                .defaultIfEmpty(new byte[0])
                .map(body -> exchange.mutate().request(new ReplayableRequest(request, body, factory)).build());
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    private void recordFallback(ServerWebExchange exchange, CompiledRoute route, Side from, FailureReason reason) {
        exchange.getAttributes().put(FicusExchangeAttributes.FALLBACK_REASON, reason.id());
        meters.counter("ficus.fallbacks", "route", route.id(), "from", from.id(), "reason", reason.id())
                .increment();
    }

    private static boolean isWebSocketUpgrade(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    /** Drops a side's response (status, headers, connection) that will not be sent to the client. */
    private static void discardUpstreamResponse(ServerWebExchange exchange) {
        Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
        if (connection != null) {
            connection.dispose();
        }
        exchange.getAttributes().remove(CLIENT_RESPONSE_CONN_ATTR);
        exchange.getAttributes().remove(CLIENT_RESPONSE_ATTR);
        exchange.getAttributes().remove(CLIENT_RESPONSE_HEADER_NAMES);
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted()) {
            response.getHeaders().clear();
            response.setStatusCode(null);
        }
    }

    /** The calls of one request: first to the decided side, then at most one fallback to the other. */
    private final class Call {

        private final GatewayFilterChain chain;
        private final CompiledRoute route;
        private final SideBreakers sides;
        private final ResiliencePolicy policy;

        Call(GatewayFilterChain chain, CompiledRoute route, SideBreakers sides) {
            this.chain = chain;
            this.route = route;
            this.sides = sides;
            this.policy = route.definition().resilience();
        }

        Mono<Void> serve(ServerWebExchange exchange, Side decided, boolean replayable) {
            return attempt(exchange, decided)
                    .onErrorResume(error -> retryOr(exchange, decided, error,
                            failure -> recover(exchange, decided, replayable, failure)));
        }

        /**
         * One call to {@code side} through its breaker, reported to the observers (each retry is a call of its own)
         * once it has a status or failed; fails with {@link FailureStatusException} on a failure status. One
         * operator ({@link BreakerCall}) instead of Resilience4j's reactor operator and four of Reactor's: it runs
         * for every request.
         */
        private Mono<Void> attempt(ServerWebExchange exchange, Side side) {
            return new BreakerCall(this, exchange, side);
        }

        /**
         * A failed connection is retried once on the same side after a short jittered pause (25–37 ms, as
         * {@code Retry.backoff(1, 25ms).jitter(0.5)}) when the route's policy says so; any other failure, and the
         * retry's own, goes to {@code next}. Only failed calls pay for this: no retry operator on the way of a
         * successful one.
         */
        private Mono<Void> retryOr(ServerWebExchange exchange, Side side, Throwable error,
                Function<Throwable, Mono<Void>> next) {
            if (policy.retryConnectFailures() && FailureReason.of(error) == FailureReason.CONNECT) {
                long pause = RETRY_PAUSE.toMillis()
                        + ThreadLocalRandom.current().nextLong((long) (RETRY_PAUSE.toMillis() * RETRY_JITTER) + 1);
                return Mono.delay(Duration.ofMillis(pause))
                        .then(attempt(exchange, side))
                        .onErrorResume(next);
            }
            return next.apply(error);
        }

        /** The decision filter already pointed the exchange at the decided side; only retries and fallbacks re-aim. */
        private Mono<Void> send(ServerWebExchange exchange, Side side) {
            if (exchange.getAttribute(CLIENT_RESPONSE_ATTR) != null) {
                discardUpstreamResponse(exchange);
            }
            removeAlreadyRouted(exchange);
            if (exchange.getAttribute(FicusExchangeAttributes.SERVED_SIDE) != side) {
                FicusRoutingFilter.pointAt(exchange, route, side);
            }
            return chain.filter(exchange);
        }

        private Mono<Void> recover(ServerWebExchange exchange, Side failed, boolean replayable, Throwable error) {
            FailureReason reason = FailureReason.of(error);
            if (reason == null) {
                return Mono.error(error);
            }
            boolean fallbackAllowed = failed == Side.MODERN || policy.fallbackToModern();
            boolean replaySafe = !reason.requestMayHaveBeenSent() || replayable;
            if (!fallbackAllowed || !replaySafe) {
                return fail(exchange, failed, error, reason);
            }
            Side other = failed == Side.MODERN ? Side.LEGACY : Side.MODERN;
            discardUpstreamResponse(exchange);
            recordFallback(exchange, route, failed, reason);
            return attempt(exchange, other)
                    .onErrorResume(second -> retryOr(exchange, other, second, failure -> {
                        FailureReason secondReason = FailureReason.of(failure);
                        return secondReason == null ? Mono.error(failure) : fail(exchange, other, failure, secondReason);
                    }));
        }

        /** No side can serve: the monolith's own error passes through; everything else is a problem. */
        private Mono<Void> fail(ServerWebExchange exchange, Side side, Throwable error, FailureReason reason) {
            if (reason == FailureReason.STATUS && side == Side.LEGACY) {
                return Mono.empty();
            }
            discardUpstreamResponse(exchange);
            exchange.getAttributes().put(FicusExchangeAttributes.SERVED_SIDE, side);
            exchange.getAttributes().put(FicusExchangeAttributes.FAILURE_REASON, reason);
            exchange.getAttributes().remove(FicusExchangeAttributes.UPSTREAM_NANOS);
            String where = "The " + side.id() + " upstream of route " + route.id();
            UpstreamFailureException failure = switch (reason) {
                case BREAKER_OPEN -> new UpstreamFailureException(route.id(), side, HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemWebExceptionHandler.TYPE_CIRCUIT_OPEN, where + " is failing; its circuit breaker is open",
                        policy.waitInOpen(), error);
                case TIMEOUT -> new UpstreamFailureException(route.id(), side, HttpStatus.GATEWAY_TIMEOUT,
                        ProblemWebExceptionHandler.TYPE_UPSTREAM_TIMEOUT, where + " did not answer in time", null,
                        error);
                case STATUS -> new UpstreamFailureException(route.id(), side, HttpStatus.BAD_GATEWAY,
                        ProblemWebExceptionHandler.TYPE_UPSTREAM_FAILED, where + " answered "
                                + ((FailureStatusException) error).status() + "; the request was not replayed", null,
                        error);
                case CONNECT, RESET -> new UpstreamFailureException(route.id(), side, HttpStatus.BAD_GATEWAY,
                        ProblemWebExceptionHandler.TYPE_UPSTREAM_UNAVAILABLE,
                        where + " could not be reached or closed the connection", null, error);
            };
            return Mono.error(failure);
        }
    }

    private static int statusOf(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status == null ? 200 : status.value();
    }

    /**
     * One call to a side through its circuit breaker, as Resilience4j's {@code CircuitBreakerOperator} makes it —
     * permission on subscribe ({@link CallNotPermittedException} when refused), the result (the response status,
     * judged by the breaker's {@code recordResult}) or the error recorded with the call's duration, the permission
     * released on cancel — plus what the filter needs at the same moment: the upstream latency on the exchange, the
     * observers told, a failure status turned into a {@link FailureStatusException}. One Mono and one subscriber per
     * call.
     */
    private final class BreakerCall extends Mono<Void> {

        private final Call call;
        private final ServerWebExchange exchange;
        private final Side side;

        BreakerCall(Call call, ServerWebExchange exchange, Side side) {
            this.call = call;
            this.exchange = exchange;
            this.side = side;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            CircuitBreaker breaker = call.sides.of(side);
            if (!breaker.tryAcquirePermission()) {
                observers.upstreamCall(new UpstreamCall(call.route.id(), side, 0, FailureReason.BREAKER_OPEN, 0));
                Operators.error(actual, CallNotPermittedException.createCallNotPermittedException(breaker));
                return;
            }
            Outcome outcome = new Outcome(actual, breaker, System.nanoTime(),
                    call.route.definition().upstream(side).timeouts().response());
            Mono<Void> upstream;
            try {
                upstream = call.send(exchange, side);
            }
            catch (RuntimeException e) {
                actual.onSubscribe(outcome); // a subscriber gets onSubscribe before any signal
                outcome.onError(e);
                return;
            }
            upstream.subscribe(outcome);
        }

        /**
         * Subscriber to the routing chain and subscription handed to the caller; also the side's response timeout
         * (run by a timer: fails the call with a {@link TimeoutException} when no response arrived in time).
         */
        private final class Outcome implements CoreSubscriber<Void>, Subscription, Runnable {

            private final CoreSubscriber<? super Void> actual;
            private final CircuitBreaker breaker;
            private final long start;
            private final Duration timeout;
            private Subscription upstream;
            /** 0 while the call runs; 1 once it completed, failed, timed out or was cancelled (whichever came first). */
            private volatile int done;
            /** The pending response timeout: a Netty {@link Future} or a Reactor {@link Disposable}; null once ended. */
            private volatile Object timer;

            Outcome(CoreSubscriber<? super Void> actual, CircuitBreaker breaker, long start, Duration timeout) {
                this.actual = actual;
                this.breaker = breaker;
                this.start = start;
                this.timeout = timeout;
            }

            @Override
            public Context currentContext() {
                return actual.currentContext();
            }

            @Override
            public void onSubscribe(Subscription subscription) {
                if (Operators.validate(upstream, subscription)) {
                    upstream = subscription;
                    actual.onSubscribe(this);
                    startTimer();
                }
            }

            /**
             * The response timeout runs on the event loop of the client's connection to Ficus: scheduling and
             * cancelling it there is a priority-queue insert and remove on the loop's own thread. Spring Cloud
             * Gateway's {@code Flux.timeout} (turned off for catalogue routes, see {@code CompiledRoute}) puts every
             * request's timer on Reactor's parallel scheduler instead: a lock and a queue shared with other threads,
             * twice per request.
             */
            private void startTimer() {
                if (done != 0) {
                    return; // completed synchronously when the caller requested
                }
                long nanos = timeout.toNanos();
                EventLoop loop = eventLoopOf(exchange);
                timer = loop != null
                        ? loop.schedule(this, nanos, TimeUnit.NANOSECONDS)
                        : Schedulers.parallel().schedule(this, nanos, TimeUnit.NANOSECONDS);
                if (done != 0) {
                    cancelTimer(); // ended on another thread while the timer was being set
                }
            }

            private void cancelTimer() {
                Object pending = timer;
                if (pending != null) {
                    timer = null;
                    if (pending instanceof Future<?> future) {
                        future.cancel(false);
                    }
                    else {
                        ((Disposable) pending).dispose();
                    }
                }
            }

            /** The response timeout: no response within the side's {@code timeouts.response}. */
            @Override
            public void run() {
                if (!DONE.compareAndSet(this, 0, 1)) {
                    return;
                }
                timer = null;
                upstream.cancel();
                long latency = System.nanoTime() - start;
                TimeoutException error = new TimeoutException("No response from the " + side.id() + " upstream of route "
                        + call.route.id() + " within " + timeout.toMillis() + " ms");
                breaker.onError(latency, TimeUnit.NANOSECONDS, error);
                observers.upstreamCall(new UpstreamCall(call.route.id(), side, latency, FailureReason.TIMEOUT, 0));
                actual.onError(error);
            }

            @Override
            public void onNext(Void ignored) {
                // Mono<Void>: never called
            }

            @Override
            public void onError(Throwable error) {
                if (!DONE.compareAndSet(this, 0, 1)) {
                    Operators.onErrorDropped(error, actual.currentContext());
                    return;
                }
                cancelTimer();
                long latency = System.nanoTime() - start;
                breaker.onError(latency, TimeUnit.NANOSECONDS, error);
                FailureReason reason = FailureReason.of(error);
                if (reason != null) {
                    observers.upstreamCall(new UpstreamCall(call.route.id(), side, latency, reason, 0));
                }
                actual.onError(error);
            }

            @Override
            public void onComplete() {
                if (!DONE.compareAndSet(this, 0, 1)) {
                    return;
                }
                cancelTimer();
                long latency = System.nanoTime() - start;
                int status = statusOf(exchange);
                breaker.onResult(latency, TimeUnit.NANOSECONDS, status);
                boolean failed = call.policy.isFailure(status);
                exchange.getAttributes().put(FicusExchangeAttributes.UPSTREAM_NANOS, latency);
                observers.upstreamCall(new UpstreamCall(call.route.id(), side, latency,
                        failed ? FailureReason.STATUS : null, status));
                if (failed) {
                    actual.onError(new FailureStatusException(status));
                }
                else {
                    actual.onComplete();
                }
            }

            @Override
            public void request(long n) {
                if (upstream != null) {
                    upstream.request(n);
                }
            }

            @Override
            public void cancel() {
                if (DONE.compareAndSet(this, 0, 1)) {
                    cancelTimer();
                    breaker.releasePermission();
                }
                if (upstream != null) {
                    upstream.cancel();
                }
            }
        }
    }

    /** The event loop of the client's connection to Ficus; null when the request is not served by Reactor Netty. */
    private static EventLoop eventLoopOf(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }

    private static final AtomicIntegerFieldUpdater<BreakerCall.Outcome> DONE =
            AtomicIntegerFieldUpdater.newUpdater(BreakerCall.Outcome.class, "done");

    /** A request whose body was kept in memory, so that every call to a side can send it again. */
    private static final class ReplayableRequest extends ServerHttpRequestDecorator {

        private final byte[] body;
        private final DataBufferFactory factory;

        ReplayableRequest(ServerHttpRequest delegate, byte[] body, DataBufferFactory factory) {
            super(delegate);
            this.body = body;
            this.factory = factory;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(factory.wrap(body)));
        }
    }
}
