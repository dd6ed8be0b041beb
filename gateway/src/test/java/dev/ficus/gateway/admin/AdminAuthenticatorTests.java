package dev.ficus.gateway.admin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminAuthenticatorTests {

    final AdminAuthenticator authenticator = new AdminAuthenticator(List.of(
            new AdminProperties.Token("olivia", "operator-token-0123456789", Role.OPERATOR),
            new AdminProperties.Token("victor", "viewer-token-0123456789", Role.VIEWER)));

    @Test
    void resolvesBearerTokenToItsNamedCallerAndRole() {
        assertThat(authenticator.authenticate("Bearer operator-token-0123456789"))
                .contains(new AdminAuthenticator.Caller("olivia", Role.OPERATOR));
        assertThat(authenticator.authenticate("bearer viewer-token-0123456789"))
                .contains(new AdminAuthenticator.Caller("victor", Role.VIEWER));
    }

    @Test
    void refusesMissingMalformedAndUnknownTokens() {
        assertThat(authenticator.authenticate(null)).isEmpty();
        assertThat(authenticator.authenticate("Bearer ")).isEmpty();
        assertThat(authenticator.authenticate("Basic operator-token-0123456789")).isEmpty();
        assertThat(authenticator.authenticate("Bearer operator-token-012345678")).isEmpty();
        assertThat(authenticator.authenticate("operator-token-0123456789")).isEmpty();
    }

    @Test
    void withoutTokensNobodyIsAuthenticated() {
        AdminAuthenticator none = new AdminAuthenticator(List.of());
        assertThat(none.hasTokens()).isFalse();
        assertThat(none.authenticate("Bearer anything-at-all-000000")).isEmpty();
    }

    @Test
    void operatorMayDoWhatViewerMayButNotTheOtherWayRound() {
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
    }

    @Test
    void rejectsDuplicateNamesAndTokensWithoutPrintingTheToken() {
        assertThatThrownBy(() -> new AdminProperties(List.of(
                new AdminProperties.Token("a", "same-token-0123456789", Role.VIEWER),
                new AdminProperties.Token("b", "same-token-0123456789", Role.OPERATOR))))
                .hasMessageContaining("tokens[1].token")
                .hasMessageNotContaining("same-token");
        assertThatThrownBy(() -> new AdminProperties(List.of(
                new AdminProperties.Token("a", "token-one-0123456789", Role.VIEWER),
                new AdminProperties.Token("a", "token-two-0123456789", Role.OPERATOR))))
                .hasMessageContaining("tokens[1].name: a");
        assertThat(new AdminProperties.Token("a", "secret-0123456789abc", Role.VIEWER).toString())
                .doesNotContain("secret");
    }
}
