package dev.ficus.routes;

import dev.ficus.rules.Stickiness;

import java.util.List;

/**
 * The {@code defaults} section of a routes file: values every route inherits unless it sets its own.
 *
 * @param stickiness default stickiness; {@link Stickiness#none()} when not written
 * @param timeouts default timeouts, field by field; unset fields come from {@link Timeouts#DEFAULT}
 * @param overrides whether routes allow forced sides by default; {@code false} when not written
 * @param resilience the breaker and fallback settings routes start from
 */
record RouteDefaults(Stickiness stickiness, TimeoutFields timeouts, boolean overrides,
        ResiliencePolicy resilience) {

    static final RouteDefaults NONE = new RouteDefaults(Stickiness.none(), TimeoutFields.NONE, false,
            ResiliencePolicy.DEFAULT);

    static final List<String> KEYS = List.of("stickiness", "timeouts", "overrides", "resilience");

    private static final String EXPECTED = "a map with stickiness, timeouts, overrides and/or resilience";

    /**
     * Reads the {@code defaults} section. Values that cannot be read are reported and replaced by the built-in
     * default, so the routes can still be checked against the rest.
     */
    static RouteDefaults read(YamlNode node, Problems problems) {
        return node.fields(problems, EXPECTED, KEYS).map(fields -> {
            YamlNode stickiness = fields.get("stickiness");
            YamlNode overrides = fields.get("overrides");
            return new RouteDefaults(
                    stickiness.present() ? RouteReader.stickiness(stickiness, problems).orElse(NONE.stickiness)
                            : NONE.stickiness,
                    TimeoutFields.readOptional(fields.get("timeouts"), problems),
                    overrides.present() ? overrides.bool(problems).orElse(NONE.overrides) : NONE.overrides,
                    ResilienceReader.read(fields.get("resilience"), ResiliencePolicy.DEFAULT, problems)
                            .orElse(ResiliencePolicy.DEFAULT));
        }).orElse(NONE);
    }
}
