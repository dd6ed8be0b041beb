package dev.ficus.rules;

/**
 * The parts of an HTTP request the decision engine may read. The gateway adapts its request type to this,
 * so the engine stays free of any web framework.
 */
public interface RequestView {

    /** The first value of header {@code name} (case-insensitive), or {@code null} when absent. */
    String header(String name);

    /** The value of cookie {@code name}, or {@code null} when absent. */
    String cookie(String name);

    /** The client's IP address as the gateway resolved it, or {@code null} when unknown. */
    String clientIp();
}
