package dev.ficus.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
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
 * GETs on route {@code outage} (weight 50, half of {@code ficus.lt.rate}); a third into the run the modern backend
 * breaks ({@code ficus.lt.outage}: {@code 500} — a WireMock mapping answering 500 to everything, added through
 * {@code POST <modernAdminUrl>/__admin/mappings}; {@code reset} — the same with a connection reset;
 * {@code kill} — the local modern backend is stopped, connections refused). An observer polls
 * {@code GET /admin/routes/outage} until {@code breakers.modern} is {@code OPEN}. Asserts: no failed GET (every
 * failed modern call fell back to legacy), modern served a real share before, no request sent after the failure
 * was in place was served by modern, and the modern breaker opened (the new side gets no traffic at all) within
 * {@code ficus.lt.collapseBound} (10 s).
 */
public class NewSideOutageSimulation extends Simulation {

    static final String ROUTE = "outage";

    private final Target target = Target.get();
    private final Observations observations = new Observations();
    private final long seconds = LoadConfig.halfSeconds();
    private final double rate = LoadConfig.rate() / 2;
    private final String mode = LoadConfig.outage();
    private final Duration bound = LoadConfig.parseDuration(LoadConfig.string("collapseBound", "10s"));
    private final AtomicLong injectStart = new AtomicLong();
    private final AtomicLong injectEnd = new AtomicLong();
    private final AtomicLong breakerOpen = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean chaosDone = new java.util.concurrent.atomic.AtomicBoolean();

    {
        ScenarioBuilder load = scenario("outage load")
                .exec(observations.get(ROUTE, "/outage/items", Observations.cycling(1000)));
        ChainBuilder inject = exec(session -> {
            injectStart.set(System.currentTimeMillis());
            return session;
        }).exec(injection()).exec(session -> {
            injectEnd.set(System.currentTimeMillis());
            return session;
        });
        ChainBuilder watch = asLongAsDuring(session -> !"OPEN".equals(session.getString("breaker")), bound.plusSeconds(5))
                .on(exec(AdminChains.get(target, "admin GET route", "/admin/routes/" + ROUTE)
                        .check(status().is(200), jsonPath("$.breakers.modern").saveAs("breaker")))
                        .pause(Duration.ofMillis(100)))
                .exec(session -> {
                    if ("OPEN".equals(session.getString("breaker"))) {
                        breakerOpen.set(System.currentTimeMillis());
                    }
                    chaosDone.set(true);
                    return session;
                });
        ScenarioBuilder chaos = scenario("modern outage").pause(Duration.ofSeconds(Math.max(2, seconds / 3)))
                .exec(inject).exec(watch);
        ScenarioBuilder verdict = scenario("verdict").exec(Verdict.request(target, "NewSideOutage", chaosDone::get, this::judge));

        setUp(load.injectOpen(constantUsersPerSec(rate).during(seconds)).andThen(verdict.injectOpen(atOnceUsers(1))),
                chaos.injectOpen(atOnceUsers(1)))
                .protocols(target.protocol())
                .assertions(
                        global().failedRequests().count().is(0L),
                        details(Verdict.NAME).successfulRequests().count().is(1L));
    }

    private ChainBuilder injection() {
        if (mode.equals("kill")) {
            if (target.local() == null) {
                throw new IllegalStateException("ficus.lt.outage=kill needs the local stack; use 500 or reset with "
                        + "ficus.lt.modernAdminUrl against a deployed gateway");
            }
            return exec(session -> {
                target.local().killModern();
                return session;
            });
        }
        if (target.modernAdminUrl() == null) {
            throw new IllegalStateException("NewSideOutage needs the modern backend's WireMock admin URL: "
                    + "ficus.lt.modernAdminUrl (FICUS_LT_MODERN_ADMIN_URL)");
        }
        String response = switch (mode) {
            case "500" -> "{\"status\": 500, \"body\": \"modern outage (gatling)\"}";
            case "reset" -> "{\"fault\": \"CONNECTION_RESET_BY_PEER\"}";
            default -> throw new IllegalStateException("ficus.lt.outage must be 500, reset or kill, not " + mode);
        };
        return exec(http("modern backend: inject " + mode).post(target.modernAdminUrl() + "/__admin/mappings")
                .header("Content-Type", "application/json")
                .body(StringBody("{\"priority\": 1, \"request\": {\"method\": \"ANY\", \"urlPattern\": \".*\"}, "
                        + "\"response\": " + response + "}"))
                .check(status().is(201)));
    }

    private Verdict judge() {
        Verdict verdict = new Verdict();
        List<Observations.Observation> all = observations.of(ROUTE);
        long injected = injectEnd.get();
        verdict.finding(String.format("%d requests on %s in %d s (%.0f/s), outage mode %s", all.size(), ROUTE, seconds,
                rate, mode));
        if (injected == 0) {
            verdict.problem("the outage was never injected");
            return verdict;
        }
        List<Observations.Observation> before = all.stream().filter(o -> o.receivedAt() < injectStart.get()).toList();
        List<Observations.Observation> after = all.stream().filter(o -> o.sentAt() > injected).toList();
        long modernBefore = before.stream().filter(o -> "modern".equals(o.side())).count();
        double shareBefore = before.isEmpty() ? 0 : 100.0 * modernBefore / before.size();
        long modernAfter = after.stream().filter(o -> "modern".equals(o.side())).count();
        long fallbacks = after.stream().filter(Observations.Observation::fallback).count();
        long lastModern = all.stream().filter(o -> "modern".equals(o.side())).mapToLong(Observations.Observation::receivedAt)
                .max().orElse(0);
        verdict.finding(String.format("before the outage: %d requests, modern %.1f %%", before.size(), shareBefore));
        verdict.finding(String.format("after it: %d requests, served by modern %d, fell back to legacy %d",
                after.size(), modernAfter, fallbacks));
        verdict.finding(String.format("last answer served by modern: %d ms after the injection began",
                lastModern - injectStart.get()));
        verdict.check(shareBefore >= 30, String.format("modern served only %.1f %% before the outage", shareBefore));
        verdict.check(modernAfter == 0, modernAfter + " requests sent after the outage were served by modern");
        verdict.check(fallbacks > 0, "no request fell back after the outage");
        if (breakerOpen.get() == 0) {
            verdict.problem("the modern breaker did not open within " + bound.toSeconds() + " s");
        }
        else {
            long millis = breakerOpen.get() - injected;
            verdict.finding(String.format("modern breaker OPEN (split collapsed to legacy, no modern traffic) %d ms "
                    + "after the outage was in place", millis));
            verdict.check(millis <= bound.toMillis(), "breaker opened after " + millis + " ms, bound " + bound.toMillis());
        }
        return verdict;
    }
}
