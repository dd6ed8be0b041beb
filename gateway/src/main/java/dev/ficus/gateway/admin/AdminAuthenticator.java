package dev.ficus.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an {@code Authorization: Bearer …} header to the configured caller. Only SHA-256 hashes of the tokens
 * are kept; the presented token is hashed and compared with every configured hash in constant time
 * ({@link MessageDigest#isEqual}), without stopping at the first match.
 */
final class AdminAuthenticator {

    private static final String BEARER = "Bearer ";

    private final List<Known> known;

    AdminAuthenticator(List<AdminProperties.Token> tokens) {
        this.known = tokens.stream().map(t -> new Known(new Caller(t.name(), t.role()), sha256(t.token()))).toList();
    }

    boolean hasTokens() {
        return !known.isEmpty();
    }

    /** The caller a header authenticates, or empty when it is missing, malformed or unknown. */
    Optional<Caller> authenticate(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).strip());
        Caller match = null;
        for (Known candidate : known) {
            if (MessageDigest.isEqual(candidate.hash(), presented) && match == null) {
                match = candidate.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is required of every JVM", impossible);
        }
    }

    /** An authenticated admin caller; {@code name} is the audit actor. */
    record Caller(String name, Role role) {
    }

    private record Known(Caller caller, byte[] hash) {
    }
}
