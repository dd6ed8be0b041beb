package dev.ficus.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.LogbackMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Ficus: a strangler-fig migration gateway. Started without {@code ficus.routes-file} it runs the embedded demo
 * (two stub backends and SafeWork-like routes); with a routes file it is the production gateway.
 */
// logback.events is counted by an appender, not by Micrometer's turbo filter (see LogEventsMetrics)
@SpringBootApplication(exclude = LogbackMetricsAutoConfiguration.class)
@ConfigurationPropertiesScan
public class FicusApplication {

    public static void main(String[] args) {
        SpringApplication.run(FicusApplication.class, args);
    }
}
