package dev.ficus.rules;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RequestView} for tests: header names are case-insensitive, cookie names are not, as in HTTP.
 *
 * <pre>{@code
 * RequestView request = FakeRequest.create().header("X-User-Id", "user-1").cookie("sid", "abc");
 * }</pre>
 */
final class FakeRequest implements RequestView {

    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> cookies = new HashMap<>();
    private String clientIp;

    private FakeRequest() {
    }

    /** A request with no headers, no cookies and an unknown client address. */
    static FakeRequest create() {
        return new FakeRequest();
    }

    /** A request that carries only {@code name: value}. */
    static FakeRequest withHeader(String name, String value) {
        return create().header(name, value);
    }

    /** Sets header {@code name}, replacing any earlier value whatever its case. */
    FakeRequest header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    FakeRequest cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    FakeRequest clientIp(String clientIp) {
        this.clientIp = clientIp;
        return this;
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String cookie(String name) {
        return cookies.get(name);
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public String toString() {
        return "FakeRequest[headers=" + headers + ", cookies=" + cookies + ", clientIp=" + clientIp + "]";
    }
}
