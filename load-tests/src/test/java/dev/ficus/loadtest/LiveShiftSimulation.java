package dev.ficus.loadtest;

import dev.ficus.rules.StickyBuckets;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * While GETs with a few hundred recurring user ids hit route {@code shift} (open model, half of
 * {@code ficus.lt.rate}), an operator scenario moves it 0 → 25 → 50 → 100 through the admin API, one fifth of the
 * run apart: {@code GET /admin/routes/shift} for the {@code ETag}, then {@code PUT /admin/routes/shift/weight} with
 * {@code If-Match} and the operator token. Asserts: no failed request (proxied or admin), the three changes
 * accepted, no user ever served by legacy after a request of theirs had come back from modern, every request sent
 * between two changes served by the side its sticky bucket gives at that weight, all modern after the last change.
 */
public class LiveShiftSimulation extends Simulation {

    static final String ROUTE = "shift";
    static final int[] STEPS = {25, 50, 100};

    /** A weight change as the operator saw it: asked at {@code start}, answered at {@code end} (client clock). */
    record Change(int weight, long start, long end) {
    }

    private final Target target = Target.get();
    private final Observations observations = new Observations();
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean operatorDone = new java.util.concurrent.atomic.AtomicBoolean();
    private final long seconds = LoadConfig.halfSeconds();
    private final long phase = Math.max(2, seconds / 5);
    private final double rate = LoadConfig.rate() / 2;
    private final int users = (int) Math.max(50, rate * phase / 2);

    {
        int start = target.admin().route(ROUTE).path("weight").asInt();
        if (start != 0) {
            throw new IllegalStateException("Route " + ROUTE + " must start at weight 0, it is at " + start);
        }
        ScenarioBuilder load = scenario("shift load")
                .exec(observations.get(ROUTE, "/shift/items", Observations.cycling(users)));
        ChainBuilder operator = exec(session -> session);
        for (int weight : STEPS) {
            operator = operator.pause(phase)
                    .exec(AdminChains.get(target, "admin GET route", "/admin/routes/" + ROUTE)
                            .check(status().is(200), header("ETag").saveAs("etag")))
                    .exec(session -> session.set("changeStart", System.currentTimeMillis()))
                    .exec(AdminChains.put(target, "admin PUT weight", "/admin/routes/" + ROUTE + "/weight")
                            .header("If-Match", "#{etag}")
                            .body(StringBody("{\"weight\": " + weight + ", \"reason\": \"gatling LiveShift\"}"))
                            .check(status().is(200), jsonPath("$.weight").ofInt().is(weight)))
                    .exec(session -> {
                        if (!session.isFailed()) {
                            changes.add(new Change(weight, session.getLong("changeStart"), System.currentTimeMillis()));
                        }
                        return session;
                    });
        }
        ScenarioBuilder shifter = scenario("operator").exec(operator).exec(session -> {
            operatorDone.set(true);
            return session;
        });
        ScenarioBuilder verdict = scenario("verdict")
                .exec(Verdict.request(target, "LiveShift", operatorDone::get, this::judge));

        setUp(load.injectOpen(constantUsersPerSec(rate).during(seconds)).andThen(verdict.injectOpen(atOnceUsers(1))),
                shifter.injectOpen(atOnceUsers(1)))
                .protocols(target.protocol())
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("admin PUT weight").successfulRequests().count().is((long) STEPS.length),
                        global().responseTime().percentile(99.0).lt(LoadConfig.p99Ms()),
                        details(Verdict.NAME).successfulRequests().count().is(1L));
    }

    private Verdict judge() {
        Verdict verdict = new Verdict();
        List<Observations.Observation> all = observations.of(ROUTE);
        verdict.finding(String.format("%d requests on %s in %d s (%.0f/s), %d user ids, weight changes every %d s",
                all.size(), ROUTE, seconds, rate, users, phase));
        verdict.check(changes.size() == STEPS.length, "only " + changes.size() + " of the weight changes were made");
        List<String> movedBack = observations.movedBack(ROUTE);
        verdict.check(movedBack.isEmpty(), movedBack.size() + " users moved back from modern to legacy, e.g. "
                + movedBack.stream().limit(5).toList());
        verdict.finding("users moved back from modern to legacy: " + movedBack.size());
        int seed = StickyBuckets.seed(ROUTE);
        int weight = 0;
        long from = Long.MIN_VALUE;
        for (int i = 0; i <= changes.size(); i++) {
            long until = i < changes.size() ? changes.get(i).start() : Long.MAX_VALUE;
            long windowFrom = from;
            int w = weight;
            List<Observations.Observation> between = all.stream()
                    .filter(o -> o.side() != null && o.sentAt() > windowFrom && o.receivedAt() < until).toList();
            long modern = between.stream().filter(o -> "modern".equals(o.side())).count();
            long misplaced = between.stream().filter(o -> !o.fallback())
                    .filter(o -> (StickyBuckets.bucket(seed, o.user()) < w * 100) != "modern".equals(o.side())).count();
            verdict.finding(String.format("at weight %d: %d requests, modern %.1f %%, on the wrong side for their "
                    + "bucket: %d", w, between.size(), between.isEmpty() ? 0 : 100.0 * modern / between.size(), misplaced));
            verdict.check(misplaced == 0, misplaced + " requests at weight " + w + " served by the side their bucket "
                    + "does not give");
            verdict.check(!between.isEmpty(), "no request measured at weight " + w);
            if (i < changes.size()) {
                Change change = changes.get(i);
                verdict.finding(String.format("PUT weight %d answered in %d ms", change.weight(),
                        change.end() - change.start()));
                weight = change.weight();
                from = change.end();
            }
        }
        return verdict;
    }
}
