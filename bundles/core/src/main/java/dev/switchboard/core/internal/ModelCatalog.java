package dev.switchboard.core.internal;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.internal.routing.Route;
import dev.switchboard.core.internal.routing.RoutingTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models clients can ask for, from one routing table: first route's model info, every instance named; and the
 * aliases with candidates bound.
 */
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
        // aliases (route.<alias>): named as themselves, with the first candidate's model info and every candidate
        for (Map.Entry<String, RoutingTable.Alias> entry : table.aliases().entrySet()) {
            List<Route> routes = entry.getValue().routes();
            if (routes.isEmpty()) {
                continue;
            }
            ModelInfo first = routes.get(0).model();
            listings.add(new ModelListing(new ModelInfo(entry.getKey(), entry.getKey(), first.inputPricePerMTok(),
                    first.outputPricePerMTok(), first.contextWindow(), first.modalities()),
                    routes.stream().map(Route::instanceId).toList(),
                    routes.stream().map(Route::providerType).toList()));
        }
        listings.sort((a, b) -> a.model().id().compareTo(b.model().id()));
        return List.copyOf(listings);
    }
}
