package dev.ficus.rules;

import java.util.Objects;

/**
 * Lets testers force a side with a header ({@code X-Ficus-Target: modern}) or a cookie
 * ({@code ficus-target=modern}).
 *
 * <p>An override is honoured only when the route allows it and, when a token is configured, only when the request
 * carries that token in {@link #tokenHeader()}; the comparison takes constant time. Without a token, anyone who
 * knows the header can pick a side, so production routes should always set one.
 *
 * <pre>{@code
 * OverridePolicy testers = OverridePolicy.allowed("s3cret");
 * Side forced = testers.forcedSide(request); // null unless header/cookie and token are both right
 * }</pre>
 *
 * @param allowed whether this route honours overrides at all
 * @param header request header that names the side ({@code legacy} or {@code modern})
 * @param cookie cookie that names the side
 * @param tokenHeader request header that must carry {@code token}
 * @param token shared secret, or {@code null} when overrides need no token
 */
public record OverridePolicy(boolean allowed, String header, String cookie, String tokenHeader, String token) {

    public static final String DEFAULT_HEADER = "X-Ficus-Target";
    public static final String DEFAULT_COOKIE = "ficus-target";
    public static final String DEFAULT_TOKEN_HEADER = "X-Ficus-Override-Token";

    private static final OverridePolicy DISABLED =
            new OverridePolicy(false, DEFAULT_HEADER, DEFAULT_COOKIE, DEFAULT_TOKEN_HEADER, null);

    public OverridePolicy {
        header = requireName(header, "header");
        cookie = requireName(cookie, "cookie");
        tokenHeader = requireName(tokenHeader, "tokenHeader");
        if (token != null && token.isBlank()) {
            token = null;
        }
    }

    /** Overrides are ignored. */
    public static OverridePolicy disabled() {
        return DISABLED;
    }

    /** Overrides with the default header and cookie names, guarded by {@code token} ({@code null}: unguarded). */
    public static OverridePolicy allowed(String token) {
        return new OverridePolicy(true, DEFAULT_HEADER, DEFAULT_COOKIE, DEFAULT_TOKEN_HEADER, token);
    }

    /** Whether a token is needed for an override to count. */
    public boolean requiresToken() {
        return token != null;
    }

    /** The side the request forces, or {@code null} when it forces none or is not allowed to. */
    public Side forcedSide(RequestView request) {
        if (!allowed) {
            return null;
        }
        String requested = request.header(header);
        if (requested == null) {
            requested = request.cookie(cookie);
            if (requested == null) {
                return null;
            }
        }
        Side side = Side.fromId(requested.strip());
        if (side == null || !tokenMatches(request.header(tokenHeader))) {
            return null;
        }
        return side;
    }

    /** Constant time in the configured token's length, and allocation-free. */
    private boolean tokenMatches(String presented) {
        if (token == null) {
            return true;
        }
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        int difference = token.length() ^ presented.length();
        for (int i = 0; i < token.length(); i++) {
            difference |= token.charAt(i) ^ presented.charAt(i % presented.length());
        }
        return difference == 0;
    }

    private static String requireName(String value, String field) {
        Objects.requireNonNull(value, field);
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("override " + field + ": empty (expected: a header or cookie name)");
        }
        return trimmed;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "OverridePolicy[allowed=" + allowed + ", header=" + header + ", cookie=" + cookie
                + ", tokenHeader=" + tokenHeader + ", token=" + (token == null ? "none" : "****") + "]";
    }
}
