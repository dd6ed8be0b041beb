package dev.ficus.routes;

import java.util.List;

/**
 * A routes file was rejected as a whole. {@link #problems()} lists every problem found, each with its location,
 * so an operator can fix the file in one pass; {@link #getMessage()} lists them one per line.
 */
public final class CatalogueException extends RuntimeException {

    private final String source;
    private final List<Problem> problems;

    public CatalogueException(String source, List<Problem> problems) {
        super(format(source, problems));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(String source, List<Problem> problems) {
        StringBuilder text = new StringBuilder("routes file ").append(source).append(" rejected, ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (Problem problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }

    /**
     * One problem in a routes file.
     *
     * @param location where it is, e.g. {@code routes[2] (survey).weight}, or {@code line 4, column 7}
     * @param message what is wrong, with the bad value and what was expected
     */
    public record Problem(String location, String message) {
        @Override
        public String toString() {
            return location + ": " + message;
        }
    }
}
