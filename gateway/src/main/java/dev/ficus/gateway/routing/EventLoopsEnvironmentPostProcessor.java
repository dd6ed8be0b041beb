package dev.ficus.gateway.routing;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Properties;
import java.util.function.IntSupplier;

/**
 * Sizes Reactor Netty's event loops (shared by the proxy server, the management server and the upstream client) from
 * {@code ficus.event-loops} before any of them exists.
 *
 * <p>Reactor Netty's own default is {@code max(4, CPUs)}: on the 1–2 CPUs an edge proxy pod usually gets, that is
 * two to four times more busy threads than cores, and the kernel then time-slices them, which shows as latency
 * (measured: p99 at 1,000 req/s on one core 4.5 ms with 4 loops, 3.0–3.6 ms with 1). Ficus never blocks an event
 * loop (admin writes run on {@code boundedElastic}), so one loop per CPU the JVM sees (the container's CPU limit)
 * is the default. The value is written to the {@code reactor.netty.ioWorkerCount} system property, which Reactor
 * Netty reads once; a value already given with {@code -Dreactor.netty.ioWorkerCount} is left alone.
 */
public final class EventLoopsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    public static final String PROPERTY = "ficus.event-loops";
    static final String REACTOR_PROPERTY = "reactor.netty.ioWorkerCount";

    private final Log log;
    private final Properties systemProperties;
    private final IntSupplier processors;

    public EventLoopsEnvironmentPostProcessor(DeferredLogFactory logs) {
        this(logs.getLog(EventLoopsEnvironmentPostProcessor.class), System.getProperties(),
                () -> Runtime.getRuntime().availableProcessors());
    }

    EventLoopsEnvironmentPostProcessor(Log log, Properties systemProperties, IntSupplier processors) {
        this.log = log;
        this.systemProperties = systemProperties;
        this.processors = processors;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        int loops = configured == null || configured.isBlank() ? Math.max(1, processors.getAsInt())
                : parse(configured.trim());
        String preset = systemProperties.getProperty(REACTOR_PROPERTY);
        if (preset != null) {
            log.debug("Event loops: -D" + REACTOR_PROPERTY + "=" + preset + " given, " + PROPERTY + " not applied");
            return;
        }
        systemProperties.setProperty(REACTOR_PROPERTY, Integer.toString(loops));
        log.debug("Event loops: " + loops);
    }

    private static int parse(String value) {
        try {
            int loops = Integer.parseInt(value);
            if (loops >= 1 && loops <= 1024) {
                return loops;
            }
        }
        catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(PROPERTY + " must be a whole number from 1 to 1024 (event loop threads), or "
                + "unset for one per CPU; got '" + value + "'");
    }
}
