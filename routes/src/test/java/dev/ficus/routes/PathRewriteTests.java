package dev.ficus.routes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PathRewriteTests {

    @Test
    void stripsOneLeadingSegment() {
        assertThat(new PathRewrite(1, null, "").apply("/api/x/y")).isEqualTo("/x/y");
    }

    @ParameterizedTest
    @CsvSource({"2, /api/x, /", "3, /api/x, /", "1, /api, /", "1, /api/, /", "5, /, /"})
    void stripsToTheRootWhenThePathHasNoMoreSegments(int stripPrefix, String path, String expected) {
        assertThat(new PathRewrite(stripPrefix, null, "").apply(path)).isEqualTo(expected);
    }

    @Test
    void keepsPercentEncodingWhenStripping() {
        assertThat(new PathRewrite(1, null, "").apply("/api/a%2Fb/c%20d")).isEqualTo("/a%2Fb/c%20d");
    }

    @Test
    void rewritesWithANamedGroup() {
        PathRewrite rewrite = new PathRewrite(0, Pattern.compile("^/api/safework/(?<rest>.*)$"), "/${rest}");

        assertThat(rewrite.apply("/api/safework/forms/7")).isEqualTo("/forms/7");
    }

    @Test
    void stripsFirstThenRewrites() {
        PathRewrite rewrite = new PathRewrite(1, Pattern.compile("^/api/safework/(?<rest>.*)$"), "/survey/${rest}");

        assertThat(rewrite.apply("/v1/api/safework/forms/7")).isEqualTo("/survey/forms/7");
    }

    @Test
    void leavesThePathAloneWhenTheRegexDoesNotMatch() {
        PathRewrite rewrite = new PathRewrite(0, Pattern.compile("^/api/(.*)$"), "/$1");

        assertThat(rewrite.apply("/survey/1")).isEqualTo("/survey/1");
    }

    @Test
    void keepsTheResultAbsoluteWhenTheReplacementDropsTheLeadingSlash() {
        PathRewrite rewrite = new PathRewrite(0, Pattern.compile("^/api/"), "");

        assertThat(rewrite.apply("/api/survey")).isEqualTo("/survey");
        assertThat(rewrite.apply("/api/")).isEqualTo("/");
    }

    @Test
    void changesNothingWhenNone() {
        assertThat(PathRewrite.NONE.isNone()).isTrue();
        assertThat(PathRewrite.NONE.apply("/survey/1")).isEqualTo("/survey/1");
        assertThat(new PathRewrite(1, null, "").isNone()).isFalse();
    }

    @Test
    void comparesRegexesByPattern() {
        assertThat(new PathRewrite(1, Pattern.compile("^/a"), "/b"))
                .isEqualTo(new PathRewrite(1, Pattern.compile("^/a"), "/b"))
                .hasSameHashCodeAs(new PathRewrite(1, Pattern.compile("^/a"), "/b"))
                .isNotEqualTo(new PathRewrite(1, Pattern.compile("^/c"), "/b"));
    }

    @Test
    void rejectsANegativeStripPrefix() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PathRewrite(-1, null, ""))
                .withMessage("strip-prefix: -1 (expected: >= 0)");
    }
}
