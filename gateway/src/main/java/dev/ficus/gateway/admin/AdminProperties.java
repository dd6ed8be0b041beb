package dev.ficus.gateway.admin;

import dev.ficus.gateway.PropertyChecks;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * The admin API's callers. There is no default token: with none configured every admin call answers 401 (and a
 * warning is logged at startup).
 *
 * <p>From the environment: {@code FICUS_ADMIN_TOKENS_0_NAME=alice}, {@code FICUS_ADMIN_TOKENS_0_TOKEN=…},
 * {@code FICUS_ADMIN_TOKENS_0_ROLE=operator}, then {@code _1_}, …
 *
 * @param tokens the bearer tokens accepted on the management port (default: none)
 */
@ConfigurationProperties("ficus.admin")
public record AdminProperties(@DefaultValue List<Token> tokens) {

    /** Shortest token accepted, so that a guessable one is rejected at startup. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public AdminProperties {
        tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            tokens.get(i).check("ficus.admin.tokens[" + i + "]");
            for (int j = 0; j < i; j++) {
                if (tokens.get(i).name().equals(tokens.get(j).name())) {
                    throw new IllegalArgumentException("ficus.admin.tokens[" + i + "].name: " + tokens.get(i).name()
                            + " (expected: unique token names)");
                }
                if (tokens.get(i).token().equals(tokens.get(j).token())) {
                    throw new IllegalArgumentException("ficus.admin.tokens[" + i + "].token: same as tokens[" + j
                            + "] (expected: one token per caller)");
                }
            }
        }
    }

    /**
     * One caller.
     *
     * @param name who this is; written to the audit log as the actor (no secret)
     * @param token the bearer secret, at least {@value #MIN_TOKEN_LENGTH} characters (e.g. {@code openssl rand
     *        -hex 32}); never logged
     * @param role {@code viewer} (read) or {@code operator} (read and change)
     */
    public record Token(String name, String token, Role role) {

        /** Called by {@link AdminProperties} with the token's place in the list, so an error names it. */
        void check(String prefix) {
            PropertyChecks.notBlank(prefix + ".name", name, "who this caller is, e.g. alice");
            if (token == null || token.isBlank() || token.length() < MIN_TOKEN_LENGTH) {
                // the value itself is a secret: only its length is shown
                String shown = token == null ? "unset" : token.isBlank() ? "blank" : token.length() + " characters";
                throw new IllegalArgumentException(prefix + ".token: " + shown + " (expected: at least "
                        + MIN_TOKEN_LENGTH + " characters, e.g. openssl rand -hex 32)");
            }
            PropertyChecks.notNull(prefix + ".role", role, "viewer or operator");
        }

        /** Never prints the token. */
        @Override
        public String toString() {
            return "Token[name=" + name + ", role=" + role + ", token=****]";
        }
    }
}
