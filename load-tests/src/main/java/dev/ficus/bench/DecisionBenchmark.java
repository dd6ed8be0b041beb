package dev.ficus.bench;

import dev.ficus.rules.Decision;
import dev.ficus.rules.OverridePolicy;
import dev.ficus.rules.RequestView;
import dev.ficus.rules.Stickiness;
import dev.ficus.rules.TrafficDecider;
import dev.ficus.rules.TrafficRule;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one {@link TrafficDecider#decide} call, the only work Ficus adds to a request before proxying it.
 *
 * <p>Requests are prebuilt {@link ArrayRequestView}s, so what is measured is the engine (override check, key
 * extraction, hash, compare), not a web framework's header map. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per decision, which must be 0 on the sticky path.
 *
 * <pre>{@code
 * mvn -B -q -pl load-tests -am -DskipTests package -Pjmh
 * java -jar load-tests/target/ficus-benchmarks.jar DecisionBenchmark -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DecisionBenchmark {

    private static final String TOKEN = "benchmark-override-token-0123456789";

    /** Distinct user keys, cycled so the hash sees varied input and both sides are chosen (25 % modern). */
    private static final int USERS = 1024;

    private TrafficDecider decider;

    /** The usual production route: 25 % modern, sticky on X-User-Id, overrides allowed with a token. */
    private TrafficRule sticky;

    /** Same policy, weight 0: everything on legacy, no hash. */
    private TrafficRule legacyOnly;

    /** Sticky on the bearer JWT's {@code sub} claim (informative: this key source decodes the token). */
    private TrafficRule jwtSticky;

    private RequestView[] users;
    private int next;
    private RequestView anonymous;
    private RequestView tester;
    private RequestView bearer;

    @Setup
    public void setUp() {
        decider = TrafficDecider.withThreadLocalRandom();
        OverridePolicy testers = OverridePolicy.allowed(TOKEN);
        sticky = TrafficRule.builder("survey").weight(25).stickiness(Stickiness.header("X-User-Id"))
                .overrides(testers).build();
        legacyOnly = sticky.withWeight(0);
        jwtSticky = TrafficRule.builder("survey").weight(25).stickiness(Stickiness.jwtClaim("sub"))
                .overrides(testers).build();

        users = new RequestView[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = ArrayRequestView.headers("Accept", "application/json", "X-User-Id", "user-" + i,
                    "User-Agent", "bench");
        }
        anonymous = ArrayRequestView.headers("Accept", "application/json", "User-Agent", "bench");
        tester = ArrayRequestView.headers("Accept", "application/json", "X-User-Id", "user-1",
                "X-Ficus-Target", "modern", "X-Ficus-Override-Token", TOKEN);
        bearer = ArrayRequestView.headers("Accept", "application/json", "Authorization", "Bearer " + jwt("user-42"));
    }

    /** Keyed request on a sticky route that allows overrides; the request carries no override header. */
    @Benchmark
    public Decision stickyHeaderKey() {
        RequestView request = users[next++ & (USERS - 1)];
        return decider.decide(sticky, request);
    }

    /** Request without the stickiness key: a per-request random draw. */
    @Benchmark
    public Decision keylessRandomDraw() {
        return decider.decide(sticky, anonymous);
    }

    /** Tester forcing modern with the correct override token. */
    @Benchmark
    public Decision overrideWithToken() {
        return decider.decide(sticky, tester);
    }

    /** Weight 0 on a route that allows overrides; the request carries no override header. */
    @Benchmark
    public Decision weightZero() {
        return decider.decide(legacyOnly, users[next++ & (USERS - 1)]);
    }

    /** Sticky on {@code jwt-claim:sub}: the claim is decoded from the bearer token on every request. */
    @Benchmark
    public Decision stickyJwtClaim() {
        return decider.decide(jwtSticky, bearer);
    }

    private static String jwt(String subject) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"" + subject + "\",\"iat\":1700000000}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".c2lnbmF0dXJl";
    }

    /**
     * A request view over parallel arrays, looked up by a linear case-insensitive scan: nothing is allocated per
     * lookup, so allocations measured belong to the engine.
     */
    static final class ArrayRequestView implements RequestView {

        private final String[] headerNames;
        private final String[] headerValues;

        private ArrayRequestView(String[] headerNames, String[] headerValues) {
            this.headerNames = headerNames;
            this.headerValues = headerValues;
        }

        /** A request with these headers (name, value, name, value, ...) and no cookies. */
        static ArrayRequestView headers(String... namesAndValues) {
            if (namesAndValues.length % 2 != 0) {
                throw new IllegalArgumentException("namesAndValues: " + namesAndValues.length
                        + " strings (expected: name, value pairs)");
            }
            int count = namesAndValues.length / 2;
            String[] names = new String[count];
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                names[i] = namesAndValues[2 * i];
                values[i] = namesAndValues[2 * i + 1];
            }
            return new ArrayRequestView(names, values);
        }

        @Override
        public String header(String name) {
            for (int i = 0; i < headerNames.length; i++) {
                if (headerNames[i].equalsIgnoreCase(name)) {
                    return headerValues[i];
                }
            }
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String clientIp() {
            return "203.0.113.7";
        }
    }
}
