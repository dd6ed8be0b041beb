package dev.ficus.gateway.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unreadable state file at startup into a readable report with the two ways out. */
class CorruptStateFailureAnalyzer extends AbstractFailureAnalyzer<CorruptStateException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, CorruptStateException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Repair or remove the state file (the routes file's weights then apply), or start with "
                        + "ficus.state.on-corrupt=ignore (FICUS_STATE_ON_CORRUPT=ignore) to move it aside and go on.",
                cause);
    }
}
