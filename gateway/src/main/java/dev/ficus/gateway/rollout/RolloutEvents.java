package dev.ficus.gateway.rollout;

import dev.ficus.rules.rollout.GateReading;
import dev.ficus.rules.rollout.RolloutDecision;
import dev.ficus.rules.rollout.RolloutSnapshot;
import dev.ficus.rules.rollout.RolloutState;
import dev.ficus.rules.rollout.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reports rollout transitions: one structured line per transition on logger {@code ficus.rollout} (holds at debug),
 * counter {@code ficus.rollout.transitions{route,transition}}, and per route the gauges
 * {@code ficus.rollout.step{route}} (step index, -1 when none) and {@code ficus.rollout.state{route,state}} (1 for
 * the current state, 0 for the others).
 */
public final class RolloutEvents {

    private static final Logger log = LoggerFactory.getLogger("ficus.rollout");

    private final MeterRegistry registry;
    private final RolloutWebhooks webhooks;
    private final Clock clock;
    private final Map<String, List<Meter>> gauges = new ConcurrentHashMap<>();

    /** Without webhooks. */
    public RolloutEvents(MeterRegistry registry) {
        this(registry, null, Clock.systemUTC());
    }

    /** @param webhooks where transitions other than holds are sent; null for none */
    public RolloutEvents(MeterRegistry registry, RolloutWebhooks webhooks, Clock clock) {
        this.registry = registry;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /** Registers the route's gauges once; {@code snapshots} gives the current snapshot or null. */
    void tracking(String routeId, Function<String, RolloutSnapshot> snapshots) {
        gauges.computeIfAbsent(routeId, id -> registerGauges(id, snapshots));
    }

    void untracking(String routeId) {
        List<Meter> meters = gauges.remove(routeId);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    /** Logs and counts one move; holds are counted but logged at debug only. */
    void transition(String routeId, RolloutState from, RolloutDecision decision, RolloutSnapshot after, String actor) {
        String transition = id(decision.transition());
        Counter.builder("ficus.rollout.transitions").description("Rollout transitions")
                .tag("route", routeId).tag("transition", transition).register(registry).increment();
        String line = line(routeId, from, decision, after, actor);
        if (decision.transition() == Transition.HOLD) {
            log.debug(line);
            return;
        }
        log.info(line);
        if (webhooks != null) {
            webhooks.publish(notification(routeId, from, decision, after, actor));
        }
    }

    private RolloutNotification notification(String routeId, RolloutState from, RolloutDecision decision,
            RolloutSnapshot after, String actor) {
        List<RolloutNotification.Gate> gates = decision.readings().stream().map(r -> new RolloutNotification.Gate(
                r.gate().id(), r.value(), r.bound(), r.gate().unit(), r.passed())).toList();
        return new RolloutNotification(routeId, id(decision.transition()), id(from), id(decision.state()),
                decision.previousWeight(), decision.weight(), after.rollbackReason(), actor, gates, clock.instant().toString());
    }

    static String line(String routeId, RolloutState from, RolloutDecision decision, RolloutSnapshot after,
            String actor) {
        return "route=" + routeId + " transition=" + id(decision.transition()) + " from=" + id(from) + " to="
                + id(decision.state()) + " previousWeight=" + decision.previousWeight() + " weight="
                + decision.weight() + " step=" + after.stepIndex() + " actor=" + actor + " reason=\""
                + after.rollbackReasonIfAny().orElse("") + "\" gates=\"" + gates(decision.readings()) + "\"";
    }

    private static String gates(List<GateReading> readings) {
        return readings.stream().map(r -> r.gate().id() + "=" + r.value() + "/" + r.bound() + (r.passed() ? ":pass"
                : ":fail")).collect(Collectors.joining(","));
    }

    /** Lowercase kebab id of an enum constant: {@code ROLLED_BACK} is {@code rolled-back}. */
    public static String id(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private List<Meter> registerGauges(String routeId, Function<String, RolloutSnapshot> snapshots) {
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("ficus.rollout.step", () -> {
            RolloutSnapshot s = snapshots.apply(routeId);
            return s == null ? -1 : s.stepIndex();
        }).description("Current rollout step index; -1 when none").tag("route", routeId).register(registry));
        for (RolloutState state : RolloutState.values()) {
            meters.add(Gauge.builder("ficus.rollout.state", () -> {
                RolloutSnapshot s = snapshots.apply(routeId);
                return s != null && s.state() == state ? 1 : 0;
            }).description("1 for the rollout's current state").tag("route", routeId).tag("state", id(state))
                    .register(registry));
        }
        return List.copyOf(meters);
    }
}
