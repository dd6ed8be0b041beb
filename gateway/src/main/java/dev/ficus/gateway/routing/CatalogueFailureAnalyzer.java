package dev.ficus.gateway.routing;

import dev.ficus.routes.CatalogueException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a rejected routes file at startup into a readable report instead of a stack trace. */
class CatalogueFailureAnalyzer extends AbstractFailureAnalyzer<CatalogueException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CatalogueException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the routes file (every problem is listed above) or point ficus.routes-file "
                        + "(FICUS_ROUTES_FILE) at a valid one.",
                cause);
    }
}
