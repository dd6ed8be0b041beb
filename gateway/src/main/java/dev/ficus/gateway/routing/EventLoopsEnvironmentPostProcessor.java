package dev.ficus.gateway.routing;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Properties;

/**
 * Sizes Reactor Netty's event loops (shared by the proxy server, the management server and the upstream client) from
 * {@code ficus.event-loops} before any of them exists; unset, Reactor Netty's own default, {@code max(4, CPUs)},
 * stays.
 *
 * <p>On the 1–2 CPUs an edge proxy pod usually gets, four loops are two to four times more busy threads than cores,
 * and the kernel time-slices them, which shows as latency: p99 at 1,000 req/s on one core was 4.5 ms with 4 loops
 * and 3.0–3.6 ms with 1 ({@code ficus.event-loops=1}). It is not the default: with fewer loops, anything that holds
 * a loop (a slow log write, a blocking call in a library) holds a larger share of all connections. (While the test
 * suite ran with it as the default, 2 of 7 full runs had a request that was never answered; that turned out to be a
 * Reactor Netty keep-alive bug that happens with any loop count, see {@link KeepAliveEnvironmentPostProcessor}.)
 * The value is written to the
 * {@code reactor.netty.ioWorkerCount} system property, which Reactor Netty reads once; a value already given with
 * {@code -Dreactor.netty.ioWorkerCount} is left alone.
 */
public final class EventLoopsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    public static final String PROPERTY = "ficus.event-loops";
    static final String REACTOR_PROPERTY = "reactor.netty.ioWorkerCount";

    private final Log log;
    private final Properties systemProperties;

    public EventLoopsEnvironmentPostProcessor(DeferredLogFactory logs) {
        this(logs.getLog(EventLoopsEnvironmentPostProcessor.class), System.getProperties());
    }

    EventLoopsEnvironmentPostProcessor(Log log, Properties systemProperties) {
        this.log = log;
        this.systemProperties = systemProperties;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            return;
        }
        int loops = parse(configured.trim());
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
                + "unset for Reactor Netty's default; got '" + value + "'");
    }
}
