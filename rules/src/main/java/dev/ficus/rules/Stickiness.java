package dev.ficus.rules;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a route finds the stable key that keeps a user on one side.
 *
 * <p>Written in the routes file as {@code header:X-User-Id}, {@code cookie:session},
 * {@code jwt-claim:sub} (read from {@code Authorization: Bearer <jwt>} without verifying the signature:
 * it only spreads users, it grants nothing), {@code client-ip} or {@code none}.
 *
 * <pre>{@code
 * Stickiness byUser = Stickiness.header("X-User-Id");
 * String key = byUser.extract(request); // null when the request has no such header
 * }</pre>
 *
 * @param source where the key is read from
 * @param name the header, cookie or claim name; empty for {@link Source#CLIENT_IP} and {@link Source#NONE}
 */
public record Stickiness(Source source, String name) {

    /** The kinds of key source. */
    public enum Source {
        HEADER("header"),
        COOKIE("cookie"),
        JWT_CLAIM("jwt-claim"),
        CLIENT_IP("client-ip"),
        NONE("none");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private static final Stickiness NONE = new Stickiness(Source.NONE, "");
    private static final Stickiness CLIENT_IP = new Stickiness(Source.CLIENT_IP, "");

    public Stickiness {
        Objects.requireNonNull(source, "source");
        name = name == null ? "" : name.strip();
        boolean named = source == Source.HEADER || source == Source.COOKIE || source == Source.JWT_CLAIM;
        if (named && name.isEmpty()) {
            throw new IllegalArgumentException(
                    "stickiness: " + source.id() + " needs a name (expected: " + source.id() + ":<name>)");
        }
        if (!named && !name.isEmpty()) {
            throw new IllegalArgumentException(
                    "stickiness: " + source.id() + ":" + name + " (expected: " + source.id() + " takes no name)");
        }
    }

    public static Stickiness header(String name) {
        return new Stickiness(Source.HEADER, name);
    }

    public static Stickiness cookie(String name) {
        return new Stickiness(Source.COOKIE, name);
    }

    public static Stickiness jwtClaim(String claim) {
        return new Stickiness(Source.JWT_CLAIM, claim);
    }

    public static Stickiness clientIp() {
        return CLIENT_IP;
    }

    public static Stickiness none() {
        return NONE;
    }

    /**
     * Parses the routes-file notation ({@code header:X-User-Id}, {@code cookie:sid}, {@code jwt-claim:sub},
     * {@code client-ip}, {@code none}).
     *
     * @throws IllegalArgumentException naming the bad value and the accepted forms
     */
    public static Stickiness parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("stickiness: empty (expected: header:<name>, cookie:<name>, "
                    + "jwt-claim:<claim>, client-ip or none)");
        }
        String trimmed = text.strip();
        int colon = trimmed.indexOf(':');
        String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        String name = colon < 0 ? "" : trimmed.substring(colon + 1);
        for (Source source : Source.values()) {
            if (source.id().equals(kind)) {
                return new Stickiness(source, name);
            }
        }
        throw new IllegalArgumentException("stickiness: " + text
                + " (expected: header:<name>, cookie:<name>, jwt-claim:<claim>, client-ip or none)");
    }

    /** The key of this request, or {@code null} when the request does not carry one. */
    public String extract(RequestView request) {
        String value = switch (source) {
            case HEADER -> request.header(name);
            case COOKIE -> request.cookie(name);
            case JWT_CLAIM -> JwtClaims.bearerClaim(request.header("Authorization"), name);
            case CLIENT_IP -> request.clientIp();
            case NONE -> null;
        };
        return value == null || value.isEmpty() ? null : value;
    }

    /** The routes-file notation of this stickiness. */
    @Override
    public String toString() {
        return name.isEmpty() ? source.id() : source.id() + ":" + name;
    }
}
