package dev.ficus.loadtest;

import io.gatling.javaapi.core.ChainBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.time.Duration;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * How a judgement on the collected {@link Observations} fails the run: a last request named {@code verdict}
 * (to the management port's readiness, which is always there) whose check compares the judgement with "ok". A
 * failed judgement is a failed request with the problems as its message, so the simulation's
 * {@code failedRequests().count().is(0)} assertion fails and so does the build; the
 * {@code details("verdict").successfulRequests().count().is(1)} assertion makes sure the judgement ran at all.
 */
public final class Verdict {

    public static final String NAME = "verdict";

    private final List<String> problems = new ArrayList<>();
    private final List<String> findings = new ArrayList<>();

    public void problem(String text) {
        problems.add(text);
    }

    /** A measured figure, printed and appended to {@code target/load-test-results.md}. */
    public void finding(String text) {
        findings.add(text);
    }

    public void check(boolean ok, String problem) {
        if (!ok) {
            problem(problem);
        }
    }

    public String result() {
        return problems.isEmpty() ? "ok" : String.join("; ", problems);
    }

    /** The verdict request; {@code judge} fills a fresh verdict from the observations when the request is answered. */
    public static ChainBuilder request(Target target, String simulation, Supplier<Verdict> judge) {
        return request(target, simulation, () -> true, judge);
    }

    /**
     * The verdict request, sent once {@code ready} (the side scenarios have finished, checked every 100 ms, at most
     * 60 s).
     */
    public static ChainBuilder request(Target target, String simulation, BooleanSupplier ready,
            Supplier<Verdict> judge) {
        return asLongAsDuring(session -> !ready.getAsBoolean(), Duration.ofSeconds(60))
                .on(pause(Duration.ofMillis(100)))
                .exec(http(NAME).get(target.adminUrl() + "/actuator/health/readiness")
                .check(status().is(200), bodyString().transform(ignored -> {
                    Verdict verdict;
                    try {
                        verdict = judge.get();
                    }
                    catch (RuntimeException e) {
                        verdict = new Verdict();
                        verdict.problem("judging failed: " + e);
                    }
                    verdict.report(simulation);
                    return verdict.result();
                }).is("ok")));
    }

    private void report(String simulation) {
        StringBuilder text = new StringBuilder();
        text.append("\n## ").append(simulation).append(" (").append(OffsetDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19)).append(" UTC)\n\n");
        for (String finding : findings) {
            text.append("- ").append(finding).append('\n');
        }
        text.append("- verdict: ").append(result()).append('\n');
        System.out.print(text);
        try {
            Path file = LoadConfig.workDir().resolve("load-test-results.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException e) {
            System.out.println("(could not write the results file: " + e + ")");
        }
    }
}
