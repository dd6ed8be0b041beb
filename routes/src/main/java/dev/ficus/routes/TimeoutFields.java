package dev.ficus.routes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Timeouts as written at one level of a routes file (an upstream, a route, the defaults), where either field may
 * be left out and is then taken from the level above: upstream, then route, then defaults, then
 * {@link Timeouts#DEFAULT}.
 *
 * @param connect the connect timeout, or {@code null} when not written at this level
 * @param response the response timeout, or {@code null} when not written at this level
 */
record TimeoutFields(Duration connect, Duration response) {

    static final TimeoutFields NONE = new TimeoutFields(null, null);

    static final List<String> KEYS = List.of("connect", "response");

    private static final String EXPECTED = "a map with connect and/or response, e.g. {connect: 2s, response: 15s}";

    /** Reads a {@code timeouts} map; fields that cannot be read are reported and left unset. */
    static TimeoutFields read(YamlNode node, Problems problems) {
        return node.fields(problems, EXPECTED, KEYS)
                .map(fields -> new TimeoutFields(duration(fields.get("connect"), problems),
                        duration(fields.get("response"), problems)))
                .orElse(NONE);
    }

    /** Reads the {@code timeouts} of {@code node} when written, else {@link #NONE}. */
    static TimeoutFields readOptional(YamlNode node, Problems problems) {
        return node.present() ? read(node, problems) : NONE;
    }

    private static Duration duration(YamlNode node, Problems problems) {
        return node.present() ? Durations.read(node, problems).orElse(null) : null;
    }

    /** These fields, each taken from {@code fallback} where not set here. */
    TimeoutFields orElse(TimeoutFields fallback) {
        return new TimeoutFields(connect != null ? connect : fallback.connect,
                response != null ? response : fallback.response);
    }

    /** Complete timeouts, each unset field taken from {@code fallback}. */
    Timeouts resolve(Timeouts fallback) {
        return new Timeouts(connect != null ? connect : fallback.connect(),
                response != null ? response : fallback.response());
    }
}
