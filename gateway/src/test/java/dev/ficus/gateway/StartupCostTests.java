package dev.ficus.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What was taken off every start (README "Start-up"), kept off. */
class StartupCostTests {

    /** A renamed or moved auto-configuration would silently be back: each skipped name must still be one. */
    @Test
    void everySkippedAutoConfigurationIsStillAnAutoConfiguration() {
        List<String> candidates = new ArrayList<>();
        ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(candidates::add);

        assertThat(candidates).containsAll(UnusedAutoConfigurations.SKIPPED);
    }

    @Test
    void theFilterSkipsExactlyTheListedOnes() {
        String[] names = {"org.springframework.cloud.autoconfigure.RefreshAutoConfiguration", null,
                "org.springframework.cloud.gateway.config.GatewayAutoConfiguration"};

        assertThat(new UnusedAutoConfigurations().match(names, null)).containsExactly(false, true, true);
    }

    @Test
    void springBootsPropertiesMigratorIsNotOnTheClassPath() {
        // brought by the SCG starter, excluded in gateway/pom.xml: 158 ms of every start
        assertThat(ClassUtils.isPresent(
                "org.springframework.boot.context.properties.migrator.PropertiesMigrationListener", null)).isFalse();
    }
}
