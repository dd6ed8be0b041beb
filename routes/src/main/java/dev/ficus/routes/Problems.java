package dev.ficus.routes;

import dev.ficus.routes.CatalogueException.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems of one load, so that a file is checked completely before it is rejected. One instance
 * per {@link CatalogueLoader#parse} call; never shared.
 */
final class Problems {

    private final List<Problem> found = new ArrayList<>();

    void add(String location, String message) {
        found.add(new Problem(location, message));
    }

    /** How many problems have been found so far; compare two counts to see whether a part of the file added any. */
    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<Problem> list() {
        return List.copyOf(found);
    }
}
