package dev.ficus.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StickinessTests {

    private static final String JWT_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    // ---------------------------------------------------------------- parse

    @Test
    void parsesEveryForm() {
        assertThat(Stickiness.parse("header:X-User-Id")).isEqualTo(Stickiness.header("X-User-Id"));
        assertThat(Stickiness.parse("cookie:sid")).isEqualTo(Stickiness.cookie("sid"));
        assertThat(Stickiness.parse("jwt-claim:sub")).isEqualTo(Stickiness.jwtClaim("sub"));
        assertThat(Stickiness.parse("client-ip")).isEqualTo(Stickiness.clientIp());
        assertThat(Stickiness.parse("none")).isEqualTo(Stickiness.none());
    }

    @Test
    void parsesWhatItPrints() {
        for (Stickiness stickiness : new Stickiness[] {Stickiness.header("X-User-Id"), Stickiness.cookie("sid"),
                Stickiness.jwtClaim("sub"), Stickiness.clientIp(), Stickiness.none()}) {
            assertThat(Stickiness.parse(stickiness.toString())).isEqualTo(stickiness);
        }
        assertThat(Stickiness.header("X-User-Id")).hasToString("header:X-User-Id");
        assertThat(Stickiness.clientIp()).hasToString("client-ip");
    }

    @Test
    void parsesKindsInAnyCaseAndIgnoresSurroundingSpace() {
        assertThat(Stickiness.parse("HEADER:X-User-Id")).isEqualTo(Stickiness.header("X-User-Id"));
        assertThat(Stickiness.parse("  Jwt-Claim:sub  ")).isEqualTo(Stickiness.jwtClaim("sub"));
        assertThat(Stickiness.parse("cookie: sid ")).isEqualTo(Stickiness.cookie("sid"));
        assertThat(Stickiness.parse("Client-IP")).isEqualTo(Stickiness.clientIp());
    }

    @Test
    void keepsTheCaseOfNames() {
        assertThat(Stickiness.parse("cookie:SessionId").name()).isEqualTo("SessionId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "ip", "headers:X-User-Id", "header-X-User-Id", "session:sid", "jwt:sub",
            "header", "header:", "cookie:", "jwt-claim:", "client-ip:10.0.0.1", "none:X-User-Id", ":sub"})
    void rejectsBadFormsNamingTheValue(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Stickiness.parse(text))
                .withMessageStartingWith("stickiness: ")
                .withMessageContaining(text)
                .withMessageContaining("expected");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t"})
    void rejectsAnEmptyForm(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Stickiness.parse(text))
                .withMessageContaining("empty")
                .withMessageContaining("expected");
    }

    @Test
    void rejectsNamedSourcesWithoutAName() {
        assertThatIllegalArgumentException().isThrownBy(() -> Stickiness.header(" "))
                .withMessage("stickiness: header needs a name (expected: header:<name>)");
        assertThatIllegalArgumentException().isThrownBy(() -> Stickiness.cookie(null))
                .withMessageContaining("expected");
    }

    // ---------------------------------------------------------------- extract

    @Test
    void extractsTheKeyFromAHeaderWhateverItsCase() {
        Stickiness byUser = Stickiness.header("X-User-Id");

        assertThat(byUser.extract(FakeRequest.withHeader("x-user-id", "user-42"))).isEqualTo("user-42");
        assertThat(byUser.extract(FakeRequest.create().cookie("X-User-Id", "user-42"))).isNull();
    }

    @Test
    void extractsTheKeyFromACookie() {
        Stickiness bySession = Stickiness.cookie("sid");

        assertThat(bySession.extract(FakeRequest.create().cookie("sid", "abc123"))).isEqualTo("abc123");
        assertThat(bySession.extract(FakeRequest.withHeader("sid", "abc123"))).isNull();
    }

    @Test
    void extractsTheClientIp() {
        assertThat(Stickiness.clientIp().extract(FakeRequest.create().clientIp("2001:db8::1")))
                .isEqualTo("2001:db8::1");
        assertThat(Stickiness.clientIp().extract(FakeRequest.create())).isNull();
    }

    @Test
    void extractsNothingWithoutStickiness() {
        RequestView everything = FakeRequest.withHeader("X-User-Id", "user-1")
                .cookie("sid", "abc")
                .clientIp("203.0.113.7")
                .header("Authorization", bearer(jwt("{\"sub\":\"alice\"}")));

        assertThat(Stickiness.none().extract(everything)).isNull();
    }

    @Test
    void treatsAnEmptyValueAsAbsent() {
        assertThat(Stickiness.header("X-User-Id").extract(FakeRequest.withHeader("X-User-Id", ""))).isNull();
        assertThat(Stickiness.cookie("sid").extract(FakeRequest.create().cookie("sid", ""))).isNull();
        assertThat(Stickiness.clientIp().extract(FakeRequest.create().clientIp(""))).isNull();
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"sub\":\"\"}"))).isNull();
    }

    @Test
    void returnsNullWhenTheRequestLacksTheKey() {
        assertThat(Stickiness.header("X-User-Id").extract(FakeRequest.create())).isNull();
        assertThat(Stickiness.cookie("sid").extract(FakeRequest.create())).isNull();
        assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.create())).isNull();
    }

    // ---------------------------------------------------------------- jwt-claim

    @Test
    void readsTheSubjectOfABearerJwt() {
        String payload = "{\"iss\":\"https://id.example.com\",\"sub\":\"alice@example.com\",\"iat\":1718000000}";

        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isEqualTo("alice@example.com");
    }

    @Test
    void readsAJwtWhateverThePayloadLengthAndPadding() {
        // Payload lengths 0..3 mod 3 give every amount of base64 padding, sent both stripped (as JWTs are) and kept.
        for (String sub : new String[] {"a", "ab", "abc", "abcd", "u-12345"}) {
            String payload = "{\"sub\":\"" + sub + "\"}";
            String padded = encode(JWT_HEADER) + "." + Base64.getUrlEncoder().encodeToString(utf8(payload)) + ".c2ln";

            assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isEqualTo(sub);
            assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.withHeader("Authorization", bearer(padded))))
                    .isEqualTo(sub);
        }
    }

    @Test
    void readsAnyNamedTopLevelClaim() {
        String payload = "{\"sub\":\"alice\",\"tenant_id\":\"acme\"}";

        assertThat(Stickiness.jwtClaim("tenant_id").extract(bearerRequest(payload))).isEqualTo("acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "0", "-7", "1.5", "6.02e23", "1E-3"})
    void readsNumericClaimsAsWritten(String number) {
        String payload = "{\"sub\":\"alice\",\"uid\":" + number + ",\"exp\":1718003600}";

        assertThat(Stickiness.jwtClaim("uid").extract(bearerRequest(payload))).isEqualTo(number);
    }

    @Test
    void readsANumericClaimThatEndsTheObject() {
        assertThat(Stickiness.jwtClaim("uid").extract(bearerRequest("{\"uid\":42}"))).isEqualTo("42");
        assertThat(Stickiness.jwtClaim("uid").extract(bearerRequest("{ \"uid\" : 42 }"))).isEqualTo("42");
    }

    @Test
    void skipsNestedValuesBeforeTheClaim() {
        String payload = """
                {
                  "realm_access": {"roles": ["admin", "user"], "sub": "not-me", "deep": {"a": [[1, 2], {"b": null}]}},
                  "tricky": "braces } ] { [ and \\"quotes\\" inside a string",
                  "arr": [{"x": "}"}, "]", true, false, null, -1.5e3],
                  "email_verified": true,
                  "nothing": null,
                  "sub": "alice"
                }
                """;

        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isEqualTo("alice");
    }

    @Test
    void matchesTheClaimNameExactly() {
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"subject\":\"bob\",\"sub\":\"alice\"}")))
                .isEqualTo("alice");
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"subject\":\"bob\",\"Sub\":\"carol\"}")))
                .isNull();
    }

    @Test
    void readsOnlyTopLevelClaims() {
        String payload = "{\"ctx\":{\"sub\":\"nested\"},\"list\":[{\"sub\":\"in-array\"}]}";

        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isNull();
    }

    @Test
    void unescapesStringClaims() {
        String payload = "{\"sub\":\"a\\\"b\\\\c\\/d\\u00e9\\u4e2d\\n\\t\\b\\f\\r\"}";

        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isEqualTo("a\"b\\c/dé中\n\t\b\f\r");
    }

    @Test
    void readsUnicodeClaimsAndEscapedClaimNames() {
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"sub\":\"Zoë 🌱\"}"))).isEqualTo("Zoë 🌱");
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"\\u0073ub\":\"alice\"}")))
                .isEqualTo("alice");
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest("{\"sub\":\"\\ud83c\\udf31\"}")))
                .isEqualTo("🌱");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"sub\":{\"id\":\"alice\"}}", "{\"sub\":[\"alice\"]}", "{\"sub\":true}",
            "{\"sub\":null}", "{}", "{\"iss\":\"x\"}"})
    void returnsNullWhenTheClaimIsNoScalarOrMissing(String payload) {
        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isNull();
    }

    @Test
    void acceptsTheBearerSchemeInAnyCase() {
        String token = jwt("{\"sub\":\"alice\"}");

        assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.withHeader("Authorization", "bearer " + token)))
                .isEqualTo("alice");
        assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.withHeader("authorization", "BEARER  " + token)))
                .isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic YWxpY2U6czNjcmV0", "Token {jwt}", "{jwt}", "Bearer", "Bearer ", "Bearer{jwt}",
            "Bearerx {jwt}", "Digest username=\"alice\"", "", "Bear"})
    void ignoresAuthorizationThatIsNoBearerToken(String authorization) {
        String value = authorization.replace("{jwt}", jwt("{\"sub\":\"alice\"}"));

        assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.withHeader("Authorization", value))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt", "only.one-dot", "..", "...", "a..b", ".e30.",
            "eyJhbGciOiJIUzI1NiJ9.@@@.c2ln", "eyJhbGciOiJIUzI1NiJ9.e30+.c2ln", "eyJhbGciOiJIUzI1NiJ9.e.c2ln",
            "eyJhbGciOiJIUzI1NiJ9.e=30.c2ln", "eyJhbGciOiJIUzI1NiJ9.ey J.c2ln"})
    void returnsNullForMalformedTokens(String token) {
        RequestView request = FakeRequest.withHeader("Authorization", "Bearer " + token);

        assertThatCode(() -> Stickiness.jwtClaim("sub").extract(request)).doesNotThrowAnyException();
        assertThat(Stickiness.jwtClaim("sub").extract(request)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "null", "\"sub\"", "[\"sub\",\"alice\"]", "{", "{\"sub\"",
            "{\"sub\":", "{\"sub\" \"alice\"}", "{sub:\"alice\"}", "{\"sub\":\"alice", "{\"sub\":\"a\\qb\"}",
            "{\"sub\":\"\\uZZZZ\"}", "{\"sub\":\"\\u12\"}", "{\"sub\":\"\\u", "{\"sub\":\"\\u+041\"}",
            "{\"sub\":\"\\u-041\"}", "{\"sub\":\"\\u\u0660\u0660\u0664\u0661\"}",
            "{\"x\":\"\\uZZZZ\",\"sub\":\"alice\"}", "{\"x\":{\"y\":[1,2}", "{\"x\":[", "{\"x\":1 \"sub\":\"alice\"}",
            "{\"x\":\"unterminated}"})
    void returnsNullForMalformedPayloads(String payload) {
        RequestView request = bearerRequest(payload);

        assertThatCode(() -> Stickiness.jwtClaim("sub").extract(request)).doesNotThrowAnyException();
        assertThat(Stickiness.jwtClaim("sub").extract(request)).isNull();
    }

    @Test
    void returnsNullForAPayloadThatIsNoUtf8Json() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b, (byte) 0xc3};
        String token = encode(JWT_HEADER) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(garbage)
                + ".c2ln";

        assertThat(Stickiness.jwtClaim("sub").extract(FakeRequest.withHeader("Authorization", bearer(token))))
                .isNull();
    }

    @Test
    void ignoresOversizedTokens() {
        String payload = "{\"sub\":\"alice\",\"pad\":\"" + "x".repeat(20_000) + "\"}";

        assertThat(Stickiness.jwtClaim("sub").extract(bearerRequest(payload))).isNull();
    }

    @Test
    void neverThrowsOnMangledPayloads() {
        String valid = "{\"ctx\":{\"roles\":[\"a\",\"b\"],\"n\":-1.5e3},\"name\":\"Zo\\u00eb \\\"Z\\\"\",\"sub\":\"alice\"}";
        String alphabet = "{}[]\":,\\u0123456789abcdefnrt-+.eE \u00e9";
        SplittableRandom random = new SplittableRandom(99);
        Stickiness bySubject = Stickiness.jwtClaim("sub");

        for (int round = 0; round < 20_000; round++) {
            StringBuilder mangled = new StringBuilder(valid.substring(0, random.nextInt(valid.length() + 1)));
            for (int edits = random.nextInt(4); edits > 0 && mangled.length() > 0; edits--) {
                mangled.setCharAt(random.nextInt(mangled.length()), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            RequestView request = bearerRequest(mangled.toString());

            assertThatCode(() -> bySubject.extract(request)).as("payload %s", mangled).doesNotThrowAnyException();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A request whose {@code Authorization} carries a signed-looking JWT with {@code payloadJson}. */
    private static FakeRequest bearerRequest(String payloadJson) {
        return FakeRequest.withHeader("Authorization", bearer(jwt(payloadJson)));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A compact JWT: base64url header, payload and signature, padding stripped. The signature is never checked. */
    private static String jwt(String payloadJson) {
        byte[] signature = new byte[32];
        new SplittableRandom(payloadJson.hashCode()).nextBytes(signature);
        return encode(JWT_HEADER) + "." + encode(payloadJson) + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(utf8(json));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
