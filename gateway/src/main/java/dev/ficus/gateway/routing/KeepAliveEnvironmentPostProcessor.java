package dev.ficus.gateway.routing;

import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.Properties;

/**
 * Works around a lost request in Reactor Netty's HTTP/1.1 server (reactor/reactor-netty#4361 and #4347, fixed after
 * the 1.2.18 that Spring Boot 3.5 brings): when a client sends its next request on a kept-alive connection before
 * the server has finished with the previous one (the response is sent, but the handler has not completed yet), the
 * request is queued, and in a race the connection then stops reading. The client waits until its own timeout, the
 * server shows no busy thread. Every HTTP client that pools connections does this: load balancers, nginx with
 * {@code keepalive}, Spring's WebClient. Ficus's test suite hit it in about one full run in three (the thread dump of
 * one: every event loop idle).
 *
 * <p>Reactor Netty's {@code reactor.netty.http.server.lastFlushWhenNoRead=true} makes the server finish the
 * previous request before it looks at the next one, so the next request is served at once instead of being queued.
 * It is set here, before Netty's classes read it; a value given with {@code -D} is left alone.
 */
public final class KeepAliveEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

    private final Log log;
    private final Properties systemProperties;

    public KeepAliveEnvironmentPostProcessor(DeferredLogFactory logs) {
        this(logs.getLog(KeepAliveEnvironmentPostProcessor.class), System.getProperties());
    }

    KeepAliveEnvironmentPostProcessor(Log log, Properties systemProperties) {
        this.log = log;
        this.systemProperties = systemProperties;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String preset = systemProperties.getProperty(PROPERTY);
        if (preset != null) {
            log.debug("Keep-alive: -D" + PROPERTY + "=" + preset + " given, left as it is");
            return;
        }
        systemProperties.setProperty(PROPERTY, "true");
    }
}
