package dev.ficus.gateway.routing;

import dev.ficus.routes.RouteCatalogue;

/** Supplies the catalogue when no routes file is configured (the embedded demo). */
public interface DemoCatalogueSource {

    RouteCatalogue catalogue();
}
