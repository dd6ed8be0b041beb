package dev.ficus.loadtest;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Healthy GETs on route {@code rollout} (weight 0, half of {@code ficus.lt.rate}); after 3 s an operator starts an
 * automatic rollout with a short plan ({@code POST /admin/routes/rollout/rollout}, body {@link #PLAN}: steps 25, 50,
 * 100, 2 s hold, 1 s analysis interval, at least 5 modern requests per interval) and polls {@code GET /admin/routes/rollout/rollout} every 250 ms. Asserts:
 * the rollout is {@code promoted} at weight 100 through 25, 50, 100 within {@code ficus.lt.promotionBound} (30 s),
 * no failed request, no user moved back from modern to legacy.
 */
public class RolloutSimulation extends Simulation {

    static final String ROUTE = "rollout";
    static final String PLAN = "{\"steps\": [25, 50, 100], \"hold\": \"2s\", \"interval\": \"1s\", \"minRequests\": 5, "
            + "\"maxErrorRate\": 1, \"maxP99\": \"1s\", \"failedIntervals\": 2}";

    private final Target target = Target.get();
    private final Observations observations = new Observations();
    private final long seconds = Math.max(25, LoadConfig.halfSeconds());
    private final double rate = LoadConfig.rate() / 2;
    private final Duration bound = LoadConfig.parseDuration(LoadConfig.string("promotionBound", "30s"));
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ended = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean operatorDone = new java.util.concurrent.atomic.AtomicBoolean();

    {
        int start = target.admin().route(ROUTE).path("weight").asInt();
        if (start != 0) {
            throw new IllegalStateException("Route " + ROUTE + " must start at weight 0, it is at " + start);
        }
        ScenarioBuilder load = scenario("rollout load")
                .exec(observations.get(ROUTE, "/rollout/items", Observations.cycling(1000)));
        ScenarioBuilder operator = scenario("rollout operator")
                .pause(Duration.ofSeconds(3))
                .exec(AdminChains.post(target, "admin POST rollout", "/admin/routes/" + ROUTE + "/rollout")
                        .body(StringBody(PLAN)).check(status().is(201)))
                .exec(session -> {
                    started.set(System.currentTimeMillis());
                    return session.set("state", "progressing");
                })
                .exec(asLongAsDuring(session -> "progressing".equals(session.getString("state")), bound)
                        .on(exec(AdminChains.get(target, "admin GET rollout", "/admin/routes/" + ROUTE + "/rollout")
                                .check(status().is(200), jsonPath("$.state").saveAs("state")))
                                .pause(Duration.ofMillis(250))))
                .exec(session -> {
                    ended.set(System.currentTimeMillis());
                    operatorDone.set(true);
                    return session;
                });
        ScenarioBuilder verdict = scenario("verdict").exec(Verdict.request(target, "Rollout", operatorDone::get, this::judge));

        setUp(load.injectOpen(constantUsersPerSec(rate).during(seconds)).andThen(verdict.injectOpen(atOnceUsers(1))),
                operator.injectOpen(atOnceUsers(1)))
                .protocols(target.protocol())
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("admin POST rollout").successfulRequests().count().is(1L),
                        details(Verdict.NAME).successfulRequests().count().is(1L));
    }

    private Verdict judge() {
        Verdict verdict = new Verdict();
        List<Observations.Observation> all = observations.of(ROUTE);
        verdict.finding(String.format("%d requests on %s in %d s (%.0f/s), plan %s", all.size(), ROUTE, seconds, rate,
                PLAN));
        var rollout = target.admin().rollout(ROUTE);
        String state = rollout.path("state").asText();
        int weight = rollout.path("weight").asInt();
        List<Integer> steps = new java.util.ArrayList<>();
        rollout.path("history").forEach(step -> steps.add(step.path("weight").asInt()));
        verdict.finding("final state " + state + ", weight " + weight + ", steps taken " + steps);
        verdict.check("promoted".equals(state) && weight == 100, "rollout ended " + state + " at weight " + weight
                + (rollout.path("rollbackReason").isNull() ? "" : " (" + rollout.path("rollbackReason").asText() + ")"));
        verdict.check(steps.equals(List.of(25, 50, 100)), "steps taken " + steps + ", expected [25, 50, 100]");
        if (started.get() > 0 && ended.get() > 0 && "promoted".equals(state)) {
            long millis = ended.get() - started.get();
            verdict.finding(String.format("promoted %d ms after the start (seen by polling every 250 ms)", millis));
            verdict.check(millis <= bound.toMillis(), "promotion took " + millis + " ms, bound " + bound.toMillis());
        }
        rollout.path("gates").forEach(gate -> verdict.finding("last gate " + gate.path("gate").asText() + ": "
                + gate.path("value").asText() + " " + gate.path("unit").asText() + " (bound " + gate.path("bound").asText()
                + ")"));
        List<String> movedBack = observations.movedBack(ROUTE);
        verdict.check(movedBack.isEmpty(), movedBack.size() + " users moved back from modern to legacy");
        long modernAtEnd = all.stream().filter(o -> o.sentAt() > ended.get() && ended.get() > 0)
                .filter(o -> "modern".equals(o.side())).count();
        long atEnd = all.stream().filter(o -> o.sentAt() > ended.get() && ended.get() > 0).count();
        verdict.finding(String.format("after the promotion: %d requests, %d served by modern", atEnd, modernAtEnd));
        verdict.check(modernAtEnd == atEnd, (atEnd - modernAtEnd) + " requests after the promotion not served by modern");
        return verdict;
    }
}
