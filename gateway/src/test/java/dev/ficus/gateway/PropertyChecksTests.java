package dev.ficus.gateway;

import dev.ficus.gateway.admin.AdminProperties;
import dev.ficus.gateway.admin.Role;
import dev.ficus.gateway.rollout.RolloutProperties;
import dev.ficus.gateway.routing.FicusProperties;
import dev.ficus.gateway.store.StateProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code ficus.*} settings are checked while Spring Boot binds them (plain code in the records' constructors,
 * no Bean Validation): defaults bind, and each bad value fails with its property's name and what is expected.
 */
class PropertyChecksTests {

    @Test
    void defaultsBind() {
        FicusProperties ficus = bind("ficus", FicusProperties.class, Map.of());
        assertThat(ficus.overrides().header()).isEqualTo("X-Ficus-Target");
        assertThat(ficus.demo().legacyPort()).isEqualTo(18081);
        assertThat(ficus.reloadInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(bind("ficus.state", StateProperties.class, Map.of()).directory())
                .isEqualTo(Path.of("./ficus-state"));
        assertThat(bind("ficus.rollout", RolloutProperties.class, Map.of()).tick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(bind("ficus.admin", AdminProperties.class, Map.of()).tokens()).isEmpty();
    }

    @Test
    void aValidAdminTokenBinds() {
        AdminProperties admin = bind("ficus.admin", AdminProperties.class, Map.of(
                "ficus.admin.tokens[0].name", "alice",
                "ficus.admin.tokens[0].token", "0123456789abcdef",
                "ficus.admin.tokens[0].role", "operator"));
        assertThat(admin.tokens()).singleElement().satisfies(token -> {
            assertThat(token.name()).isEqualTo("alice");
            assertThat(token.role()).isEqualTo(Role.OPERATOR);
        });
    }

    @Test
    void badFicusSettingsNameThePropertyAndTheExpectation() {
        assertFails("ficus", FicusProperties.class, Map.of("ficus.overrides.header", " "),
                "ficus.overrides.header: ' ' (expected: a header name)");
        assertFails("ficus", FicusProperties.class, Map.of("ficus.overrides.cookie", ""),
                "ficus.overrides.cookie: '' (expected: a cookie name)");
        assertFails("ficus", FicusProperties.class, Map.of("ficus.overrides.token-header", ""),
                "ficus.overrides.token-header: '' (expected: a header name)");
        assertFails("ficus", FicusProperties.class, Map.of("ficus.demo.legacy-port", "70000"),
                "ficus.demo.legacy-port: 70000 (expected: 0..65535; 0 picks a free port)");
        assertFails("ficus", FicusProperties.class, Map.of("ficus.demo.modern-port", "-1"),
                "ficus.demo.modern-port: -1 (expected: 0..65535");
        assertFails("ficus", FicusProperties.class, Map.of("ficus.reload-interval", "-1s"),
                "ficus.reload-interval: PT-1S (expected: >= 0; 0 turns hot reload off)");
    }

    @Test
    void badAdminTokensNameTheirPlaceAndNeverPrintTheSecret() {
        assertFails("ficus.admin", AdminProperties.class, Map.of(
                        "ficus.admin.tokens[0].name", "alice",
                        "ficus.admin.tokens[0].token", "short-secret",
                        "ficus.admin.tokens[0].role", "operator"),
                "ficus.admin.tokens[0].token: 12 characters (expected: at least 16 characters");
        assertThatThrownBy(() -> bind("ficus.admin", AdminProperties.class, Map.of(
                "ficus.admin.tokens[0].name", "alice",
                "ficus.admin.tokens[0].token", "short-secret",
                "ficus.admin.tokens[0].role", "operator")))
                .satisfies(error -> assertThat(rootMessage(error)).doesNotContain("short-secret"));
        assertFails("ficus.admin", AdminProperties.class, Map.of(
                        "ficus.admin.tokens[0].name", "alice",
                        "ficus.admin.tokens[0].token", "0123456789abcdef",
                        "ficus.admin.tokens[0].role", "operator",
                        "ficus.admin.tokens[1].name", " ",
                        "ficus.admin.tokens[1].token", "fedcba9876543210",
                        "ficus.admin.tokens[1].role", "viewer"),
                "ficus.admin.tokens[1].name: ' ' (expected: who this caller is");
        assertFails("ficus.admin", AdminProperties.class, Map.of(
                        "ficus.admin.tokens[0].name", "alice",
                        "ficus.admin.tokens[0].token", "0123456789abcdef"),
                "ficus.admin.tokens[0].role: unset (expected: viewer or operator)");
    }

    @Test
    void badStateAndRolloutSettingsNameThePropertyAndTheExpectation() {
        assertFails("ficus.state", StateProperties.class, Map.of("ficus.state.dir", " "),
                "ficus.state.dir: ' ' (expected: a directory");
        assertFails("ficus.rollout", RolloutProperties.class, Map.of("ficus.rollout.tick", "0s"),
                "ficus.rollout.tick: PT0S (expected: > 0)");
        assertFails("ficus.rollout", RolloutProperties.class, Map.of("ficus.rollout.webhook-timeout", "-2s"),
                "ficus.rollout.webhook-timeout: PT-2S (expected: > 0)");
        assertFails("ficus.rollout", RolloutProperties.class, Map.of("ficus.rollout.webhooks[0].url", "ftp://x/y"),
                "ficus.rollout.webhooks[].url: ftp://x/y (expected: an http or https URL)");
    }

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }

    private static void assertFails(String prefix, Class<?> type, Map<String, String> values, String message) {
        assertThatThrownBy(() -> bind(prefix, type, values))
                .isInstanceOf(BindException.class)
                .satisfies(error -> assertThat(rootMessage(error)).contains(message));
    }

    private static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
