package dev.ficus.rules;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one route splits its traffic: the share of the new side, the stickiness key and the override policy.
 *
 * <p>Immutable: a weight change builds a new rule ({@link #withWeight(int)}) that the gateway swaps in whole.
 * The route's hash seed and bucket threshold are computed once here, so a decision is a hash, a compare and a
 * lookup.
 *
 * <pre>{@code
 * TrafficRule survey = TrafficRule.builder("survey")
 *         .weight(25)
 *         .stickiness(Stickiness.header("X-User-Id"))
 *         .overrides(OverridePolicy.allowed(System.getenv("FICUS_OVERRIDE_TOKEN")))
 *         .build();
 * }</pre>
 */
public final class TrafficRule {

    /** Route ids are used in headers, metric tags and URLs, so they are kept to a safe alphabet. */
    public static final Pattern ROUTE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String routeId;
    private final int weight;
    private final Stickiness stickiness;
    private final OverridePolicy overrides;
    private final int seed;
    private final int threshold;

    private TrafficRule(String routeId, int weight, Stickiness stickiness, OverridePolicy overrides) {
        this.routeId = routeId;
        this.weight = weight;
        this.stickiness = stickiness;
        this.overrides = overrides;
        this.seed = StickyBuckets.seed(routeId);
        this.threshold = weight * (StickyBuckets.COUNT / 100);
    }

    public static Builder builder(String routeId) {
        return new Builder(routeId);
    }

    /** Checks a weight, with the bad value in the message. */
    public static int checkWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 0..100)");
        }
        return weight;
    }

    /** Checks a route id, with the bad value in the message. */
    public static String checkRouteId(String routeId) {
        if (routeId == null || !ROUTE_ID.matcher(routeId).matches()) {
            throw new IllegalArgumentException("id: " + routeId
                    + " (expected: 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        return routeId;
    }

    /** The same rule with another weight. */
    public TrafficRule withWeight(int newWeight) {
        checkWeight(newWeight);
        return newWeight == weight ? this : new TrafficRule(routeId, newWeight, stickiness, overrides);
    }

    public String routeId() {
        return routeId;
    }

    /** Percentage of traffic for the new side, 0–100. */
    public int weight() {
        return weight;
    }

    public Stickiness stickiness() {
        return stickiness;
    }

    public OverridePolicy overrides() {
        return overrides;
    }

    int seed() {
        return seed;
    }

    /** Buckets below this go to the new side. */
    int threshold() {
        return threshold;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficRule other && weight == other.weight && routeId.equals(other.routeId)
                && stickiness.equals(other.stickiness) && overrides.equals(other.overrides);
    }

    @Override
    public int hashCode() {
        return Objects.hash(routeId, weight, stickiness, overrides);
    }

    @Override
    public String toString() {
        return "TrafficRule[" + routeId + ", weight=" + weight + ", stickiness=" + stickiness + ", overrides="
                + overrides + "]";
    }

    /** Builds a {@link TrafficRule}; each setter checks its value at once. */
    public static final class Builder {

        private final String routeId;
        private int weight;
        private Stickiness stickiness = Stickiness.none();
        private OverridePolicy overrides = OverridePolicy.disabled();

        private Builder(String routeId) {
            this.routeId = checkRouteId(routeId);
        }

        /** Percentage for the new side, 0–100 (default 0: everything stays on the monolith). */
        public Builder weight(int weight) {
            this.weight = checkWeight(weight);
            return this;
        }

        /** Where the sticky key comes from (default {@link Stickiness#none()}: a random draw per request). */
        public Builder stickiness(Stickiness stickiness) {
            this.stickiness = Objects.requireNonNull(stickiness, "stickiness");
            return this;
        }

        /** Whether and how testers may force a side (default {@link OverridePolicy#disabled()}). */
        public Builder overrides(OverridePolicy overrides) {
            this.overrides = Objects.requireNonNull(overrides, "overrides");
            return this;
        }

        public TrafficRule build() {
            return new TrafficRule(routeId, weight, stickiness, overrides);
        }
    }
}
