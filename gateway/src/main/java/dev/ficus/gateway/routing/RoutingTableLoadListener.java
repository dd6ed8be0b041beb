package dev.ficus.gateway.routing;

/**
 * Told when the gateway starts building its first routing table (catalogue compiled, runtime state about to be
 * restored) and when that is done or failed; readiness reports it.
 */
public interface RoutingTableLoadListener {

    void loading();

    void loaded(RoutingTable table);

    void failed(RuntimeException error);
}
