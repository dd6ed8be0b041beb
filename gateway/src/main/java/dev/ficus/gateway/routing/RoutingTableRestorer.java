package dev.ficus.gateway.routing;

/**
 * Adjusts the table compiled from the routes file before the gateway serves it, e.g. to restore the weights an
 * operator set before a restart. At most one such bean; without one the file's weights apply.
 */
@FunctionalInterface
public interface RoutingTableRestorer {

    RoutingTable restore(RoutingTable compiled);
}
