package dev.ficus.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * What the gateway said about each proxied request, collected thread-safely by the virtual users: the route, the
 * user id sent, the side that served ({@code X-Ficus-Target}), whether it fell back ({@code X-Ficus-Fallback}), and
 * the client's clock just before sending and just after the answer. Gatling's own statistics cannot see headers; the
 * simulations judge these records in a final "verdict" request whose check fails the run.
 */
public final class Observations {

    /** One answered request; {@code side} is null when the header was missing (the request then also failed). */
    public record Observation(String route, String user, String side, boolean fallback, long sentAt, long receivedAt) {
    }

    private final ConcurrentLinkedQueue<Observation> all = new ConcurrentLinkedQueue<>();

    /**
     * A GET to {@code path} of {@code route} with {@code X-User-Id: <user>}, where {@code user} picks the id (called
     * once per request). Checks 200, that the route header names the route and that the served side is legacy or
     * modern, then records the observation.
     */
    public ChainBuilder get(String route, String path, Function<Session, String> user) {
        return exec(session -> session.set("userId", user.apply(session)).set("sentAt", System.currentTimeMillis())
                .remove("side").remove("fallback"))
                .exec(http(route).get(path).header("X-User-Id", "#{userId}")
                        .check(status().is(200), header("X-Ficus-Route").is(route),
                                header("X-Ficus-Target").in("legacy", "modern").saveAs("side"),
                                header("X-Ficus-Fallback").optional().saveAs("fallback")))
                .exec(session -> {
                    all.add(new Observation(route, session.getString("userId"),
                            session.contains("side") ? session.getString("side") : null,
                            session.contains("fallback"), session.getLong("sentAt"), System.currentTimeMillis()));
                    return session;
                });
    }

    public List<Observation> all() {
        return new ArrayList<>(all);
    }

    public List<Observation> of(String route) {
        return all.stream().filter(o -> o.route().equals(route)).sorted(Comparator.comparingLong(Observation::sentAt))
                .toList();
    }

    /** [legacy, modern] counts by route, in route order of first appearance sorted by name. */
    public Map<String, long[]> countsByRoute() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Observation o : all) {
            long[] c = counts.computeIfAbsent(o.route(), r -> new long[2]);
            if ("legacy".equals(o.side())) {
                c[0]++;
            }
            else if ("modern".equals(o.side())) {
                c[1]++;
            }
        }
        return counts;
    }

    /**
     * Users of {@code route} seen on legacy by a request sent after a request of theirs had come back from modern:
     * with the weight only rising, a user must never move back. Requests that overlap in time are not compared (the
     * gateway may decide them in either order), so only a real move back counts. Fallbacks are left out.
     */
    public List<String> movedBack(String route) {
        Map<String, long[]> firstModernAnswer = new TreeMap<>();
        // A fallback is served by the side the decision did not pick (a failing modern call answered by legacy):
        // it says nothing about the user's cohort.
        List<Observation> observations = of(route).stream().filter(o -> !o.fallback()).toList();
        for (Observation o : observations) {
            if ("modern".equals(o.side())) {
                long[] first = firstModernAnswer.computeIfAbsent(o.user(), u -> new long[] {Long.MAX_VALUE});
                first[0] = Math.min(first[0], o.receivedAt());
            }
        }
        List<String> moved = new ArrayList<>();
        for (Observation o : observations) {
            long[] first = firstModernAnswer.get(o.user());
            if ("legacy".equals(o.side()) && first != null && o.sentAt() > first[0]) {
                moved.add(o.user());
            }
        }
        return moved.stream().distinct().toList();
    }

    static double percentModern(long[] counts) {
        long total = counts[0] + counts[1];
        return total == 0 ? Double.NaN : 100.0 * counts[1] / total;
    }

    /** A sequential user id picker: {@code user-1}, {@code user-2}, … {@code user-<pool>}, then again. */
    public static Function<Session, String> cycling(int pool) {
        AtomicLong next = new AtomicLong();
        return session -> "user-" + (next.getAndIncrement() % pool + 1);
    }

    static Function<Session, String> cycling(AtomicLong next, int pool) {
        return session -> "user-" + (next.getAndIncrement() % pool + 1);
    }

}
