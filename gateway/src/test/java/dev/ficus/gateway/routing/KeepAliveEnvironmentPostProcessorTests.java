package dev.ficus.gateway.routing;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import java.util.Properties;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveEnvironmentPostProcessorTests {

    @Test
    void turnsOnReactorNettysLastFlushWhenNoRead() {
        Properties system = new Properties();

        new KeepAliveEnvironmentPostProcessor(LogFactory.getLog(getClass()), system)
                .postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(system.getProperty("reactor.netty.http.server.lastFlushWhenNoRead")).isEqualTo("true");
    }

    @Test
    void leavesAValueGivenOnTheCommandLineAlone() {
        Properties system = new Properties();
        system.setProperty("reactor.netty.http.server.lastFlushWhenNoRead", "false");

        new KeepAliveEnvironmentPostProcessor(LogFactory.getLog(getClass()), system)
                .postProcessEnvironment(new MockEnvironment(), new SpringApplication());

        assertThat(system.getProperty("reactor.netty.http.server.lastFlushWhenNoRead")).isEqualTo("false");
    }

    @Test
    void runsForEverySpringBootStartOfTheGateway() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(EnvironmentPostProcessor.class,
                SpringFactoriesLoader.ArgumentResolver.of(DeferredLogFactory.class, Supplier::get)))
                .hasAtLeastOneElementOfType(KeepAliveEnvironmentPostProcessor.class);
    }
}
