package dev.ficus.gateway.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ficus.gateway.routing.DemoCatalogueSource;
import dev.ficus.gateway.routing.FicusProperties;
import dev.ficus.routes.CatalogueLoader;
import dev.ficus.routes.RouteCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The embedded demo: active only when {@code ficus.routes-file} is not set. Starts the two stub backends and
 * serves the bundled SafeWork-style routes ({@code classpath:ficus/demo-routes.yaml}) pointed at them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DemoConfiguration.DemoMode.class)
class DemoConfiguration {

    static final String DEMO_ROUTES = "ficus/demo-routes.yaml";

    private static final Logger log = LoggerFactory.getLogger(DemoConfiguration.class);

    @Bean(destroyMethod = "close")
    DemoBackends demoBackends(FicusProperties properties, ObjectMapper json) {
        DemoBackends backends = DemoBackends.start(properties.demo().legacyPort(), properties.demo().modernPort(),
                json);
        log.info("Demo mode (no ficus.routes-file): legacy stub on 127.0.0.1:{}, modern stub on 127.0.0.1:{}",
                backends.legacyPort(), backends.modernPort());
        return backends;
    }

    @Bean
    DemoCatalogueSource demoCatalogueSource(DemoBackends backends) {
        return () -> demoCatalogue(backends);
    }

    /** The bundled demo routes with the stubs' actual addresses filled in. */
    static RouteCatalogue demoCatalogue(DemoBackends backends) {
        String yaml;
        try {
            yaml = new ClassPathResource(DEMO_ROUTES).getContentAsString(StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath:" + DEMO_ROUTES, e);
        }
        yaml = yaml.replace("{{legacy}}", "http://127.0.0.1:" + backends.legacyPort())
                .replace("{{modern}}", "http://127.0.0.1:" + backends.modernPort());
        return CatalogueLoader.parse(yaml, "classpath:" + DEMO_ROUTES);
    }

    /** Demo mode is on exactly when no routes file is configured. */
    static final class DemoMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("ficus.routes-file"));
        }
    }
}
