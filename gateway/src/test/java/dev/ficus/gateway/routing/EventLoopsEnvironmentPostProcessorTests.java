package dev.ficus.gateway.routing;

import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopsEnvironmentPostProcessorTests {

    private final Properties system = new Properties();

    private void apply(MockEnvironment environment) {
        new EventLoopsEnvironmentPostProcessor(LogFactory.getLog(getClass()), system)
                .postProcessEnvironment(environment, new SpringApplication());
    }

    @Test
    void unsetLeavesReactorNettysDefault() {
        apply(new MockEnvironment());
        apply(new MockEnvironment().withProperty("ficus.event-loops", " "));

        assertThat(system).doesNotContainKey("reactor.netty.ioWorkerCount");
    }

    @Test
    void oneLoopForAOneCpuPod() {
        apply(new MockEnvironment().withProperty("ficus.event-loops", "1"));

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("1");
    }

    @Test
    void configuredCountWins() {
        apply(new MockEnvironment().withProperty("ficus.event-loops", " 6 "));

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("6");
    }

    @Test
    void explicitReactorNettySystemPropertyIsLeftAlone() {
        system.setProperty("reactor.netty.ioWorkerCount", "8");

        apply(new MockEnvironment().withProperty("ficus.event-loops", "3"));

        assertThat(system.getProperty("reactor.netty.ioWorkerCount")).isEqualTo("8");
    }

    @Test
    void rejectsCountsThatAreNotPositiveWholeNumbers() {
        for (String bad : new String[] {"0", "-1", "two", "1.5", "5000"}) {
            assertThatThrownBy(() -> apply(new MockEnvironment().withProperty("ficus.event-loops", bad)))
                    .as(bad)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ficus.event-loops")
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(system).doesNotContainKey("reactor.netty.ioWorkerCount");
    }
}
