package dev.switchboard.core.internal;

import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.core.internal.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The models clients can ask for, from one routing table: first route's model info, every instance named. */
final class ModelCatalog {

    private ModelCatalog() {
    }

    static List<ModelListing> listings(RoutingTable table) {
        List<ModelListing> listings = new ArrayList<>();
        for (Map.Entry<String, List<Route>> entry : table.byModel().entrySet()) {
            List<Route> routes = entry.getValue();
            listings.add(new ModelListing(routes.get(0).model(),
                    routes.stream().map(Route::instanceId).toList(),
                    routes.stream().map(Route::providerType).toList()));
        }
        listings.sort((a, b) -> a.model().id().compareTo(b.model().id()));
        return List.copyOf(listings);
    }
}
