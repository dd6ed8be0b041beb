package dev.ficus.rules;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads one top-level claim from a JWT's payload <em>without verifying it</em>.
 *
 * <p>Ficus uses the claim only to spread users over buckets, never to grant anything, so a forged token can at
 * worst pick its own bucket, which the override token already guards against for anything that matters.
 * Anything malformed yields {@code null}, so the request falls back to a random draw instead of failing.
 */
final class JwtClaims {

    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private JwtClaims() {
    }

    /** The claim from an {@code Authorization: Bearer <jwt>} header value, or {@code null}. */
    static String bearerClaim(String authorization, String claim) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return claim(authorization.substring(7).strip(), claim);
    }

    /** The claim from a compact JWT ({@code header.payload.signature}), or {@code null}. */
    static String claim(String jwt, String claim) {
        if (jwt.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        int first = jwt.indexOf('.');
        int second = first < 0 ? -1 : jwt.indexOf('.', first + 1);
        if (second < 0) {
            return null;
        }
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(stripPadding(jwt.substring(first + 1, second))),
                    StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException notBase64) {
            return null;
        }
        return new Reader(payload).topLevelValue(claim);
    }

    private static String stripPadding(String part) {
        int end = part.length();
        while (end > 0 && part.charAt(end - 1) == '=') {
            end--;
        }
        return part.substring(0, end);
    }

    /** A strict little JSON reader that only walks far enough to find one top-level member. */
    private static final class Reader {

        private final String json;
        private int pos;

        Reader(String json) {
            this.json = json;
        }

        String topLevelValue(String wanted) {
            try {
                skipSpace();
                expect('{');
                skipSpace();
                if (peek() == '}') {
                    return null;
                }
                while (true) {
                    skipSpace();
                    String name = readString();
                    skipSpace();
                    expect(':');
                    skipSpace();
                    if (name.equals(wanted)) {
                        return readScalar();
                    }
                    skipValue();
                    skipSpace();
                    char next = next();
                    if (next == '}') {
                        return null;
                    }
                    if (next != ',') {
                        return null;
                    }
                }
            }
            catch (IllegalStateException | IndexOutOfBoundsException malformed) {
                return null;
            }
        }

        /** A string's text or a number's literal; objects, arrays, booleans and null give {@code null}. */
        private String readScalar() {
            char c = peek();
            if (c == '"') {
                return readString();
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = pos;
                while (pos < json.length() && "+-.eE0123456789".indexOf(json.charAt(pos)) >= 0) {
                    pos++;
                }
                return json.substring(start, pos);
            }
            return null;
        }

        private void skipValue() {
            char c = peek();
            switch (c) {
                case '"' -> readString();
                case '{', '[' -> skipNested();
                default -> {
                    while (pos < json.length() && ",}] \t\r\n".indexOf(json.charAt(pos)) < 0) {
                        pos++;
                    }
                }
            }
        }

        private void skipNested() {
            int depth = 0;
            do {
                char c = peek();
                if (c == '"') {
                    readString();
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                }
                else if (c == '}' || c == ']') {
                    depth--;
                }
                pos++;
            } while (depth > 0);
        }

        private String readString() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(readHex4());
                    default -> throw new IllegalStateException("bad escape");
                }
            }
        }

        /** The four ASCII hex digits of a unicode escape; a sign or any other character is malformed. */
        private char readHex4() {
            int value = 0;
            for (int i = 0; i < 4; i++) {
                char c = next();
                int digit = c >= '0' && c <= '9' ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                        : -1;
                if (digit < 0) {
                    throw new IllegalStateException("bad unicode escape");
                }
                value = value << 4 | digit;
            }
            return (char) value;
        }

        private void skipSpace() {
            while (pos < json.length() && Character.isWhitespace(json.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return json.charAt(pos);
        }

        private char next() {
            return json.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw new IllegalStateException("expected " + c);
            }
        }
    }
}
