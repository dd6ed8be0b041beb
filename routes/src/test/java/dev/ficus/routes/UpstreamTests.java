package dev.ficus.routes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UpstreamTests {

    @ParameterizedTest
    @CsvSource(value = {
            "http://flask-monolith:5000,                           ''",
            "http://flask-monolith:5000/,                          ''",
            "https://abc.lambda-url.ap-northeast-2.on.aws/prod,    /prod",
            "https://abc.lambda-url.ap-northeast-2.on.aws/prod/,   /prod",
            "https://api.example.com/prod/v1,                      /prod/v1",
            "https://api.example.com/my%20stage/,                  /my%20stage"})
    void basePathIsTheUriPathWithoutTrailingSlash(String uri, String basePath) {
        assertThat(new Upstream(URI.create(uri), Timeouts.DEFAULT).basePath()).isEqualTo(basePath);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://files.example.com", "http:///prod", "http://legacy/?a=1", "http://legacy/#top",
            "http://user:secret@legacy", "/relative/path"})
    void rejectsUrisThatCannotBeAnUpstream(String uri) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Upstream(URI.create(uri), Timeouts.DEFAULT))
                .withMessageStartingWith("uri: " + uri + " (expected: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://legacy", "HTTPS://Modern.Example.com:8443/prod", "http://127.0.0.1:5000"})
    void acceptsHttpAndHttpsUrisWithAHost(String uri) {
        assertThat(new Upstream(URI.create(uri), Timeouts.DEFAULT).uri()).isEqualTo(URI.create(uri));
    }
}
