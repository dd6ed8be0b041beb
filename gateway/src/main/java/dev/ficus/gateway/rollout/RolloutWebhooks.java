package dev.ficus.gateway.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Sends rollout transitions to the configured webhooks, off the scheduler and the request path: {@link #publish}
 * only offers to a bounded queue (a full queue drops and counts); a Reactor pipeline posts each transition to every
 * URL with a connect and response timeout and up to 2 retries with backoff. Counter
 * {@code ficus.rollout.webhooks{result=ok|failed|dropped}}.
 */
public final class RolloutWebhooks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutWebhooks.class);
    private static final int CONCURRENT_CALLS = 4;

    private final List<URI> urls;
    private final WebClient client;
    private final Duration timeout;
    private final Duration firstBackoff;
    private final Sinks.Many<RolloutNotification> queue;
    private final Counter ok;
    private final Counter failed;
    private final Counter dropped;
    private final Disposable sending;

    public RolloutWebhooks(List<URI> urls, Duration timeout, int capacity, Duration firstBackoff,
            MeterRegistry registry) {
        this.urls = List.copyOf(urls);
        this.timeout = timeout;
        this.firstBackoff = firstBackoff;
        // No webhook set (the default): no client, which saves loading WebClient's classes at start-up (90 ms).
        this.client = this.urls.isEmpty() ? null : WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                        .responseTimeout(timeout)))
                .build();
        this.queue = Sinks.many().unicast().onBackpressureBuffer(Queues.<RolloutNotification>get(capacity).get());
        this.ok = counter(registry, "ok");
        this.failed = counter(registry, "failed");
        this.dropped = counter(registry, "dropped");
        this.sending = this.urls.isEmpty() ? null : queue.asFlux()
                .flatMap(this::sendToAll, CONCURRENT_CALLS)
                .subscribe();
    }

    /** Offers a transition to the queue; never blocks. Callers are serialised (the rollout runtime's lock). */
    void publish(RolloutNotification notification) {
        if (urls.isEmpty()) {
            return;
        }
        Sinks.EmitResult result = queue.tryEmitNext(notification);
        if (result.isFailure()) {
            dropped.increment();
            log.warn("Rollout webhook dropped ({}): {} {}", result, notification.route(), notification.transition());
        }
    }

    private Mono<Void> sendToAll(RolloutNotification notification) {
        return Flux.fromIterable(urls).flatMap(url -> send(url, notification)).then();
    }

    private Mono<Void> send(URI url, RolloutNotification notification) {
        return client.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(notification)
                .retrieve().toBodilessEntity()
                .timeout(timeout.multipliedBy(2))
                .retryWhen(Retry.backoff(2, firstBackoff))
                .doOnSuccess(response -> ok.increment())
                .onErrorResume(error -> {
                    failed.increment();
                    log.warn("Rollout webhook {} failed for {} {}: {}", url, notification.route(),
                            notification.transition(), error.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("ficus.rollout.webhooks").description("Rollout webhook calls by result")
                .tag("result", result).register(registry);
    }

    @Override
    public void close() {
        if (sending != null) {
            sending.dispose();
        }
    }
}
