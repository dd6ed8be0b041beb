package dev.ficus.gateway.store;

/** Saved runtime state exists but cannot be read; the gateway refuses to start unless told to ignore it. */
public final class CorruptStateException extends RuntimeException {

    public CorruptStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
