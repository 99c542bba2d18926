package dev.switchboard.shell.internal;

import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.RouteListing;
import dev.switchboard.core.api.Routes;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "route-list",
        description = "Lists the routes (model aliases): their models in fallback order, strategy, timeout, retry "
                + "policy, never-throw answer, where they come from (etc or runtime) and what serves them now.")
@Service
public class RouteList implements Action {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    @Reference
    Routes routes;

    @Override
    public Object execute() {
        table(routes.routes()).print(System.out, !noFormat);
        return null;
    }

    static ShellTable table(List<RouteListing> listings) {
        ShellTable table = new ShellTable();
        table.column("Alias");
        table.column("Models");
        table.column("Strategy");
        table.column("Timeout (ms)").alignRight();
        table.column("Attempts").alignRight();
        table.column("Back-off (ms)").alignRight();
        table.column("Fallback");
        table.column("Source");
        table.column("Serving");
        table.emptyTableText("No routes. Add one with switchboard:route-set <alias> <model> [<model>...].");
        for (RouteListing listing : listings) {
            RouteDefinition route = listing.definition();
            table.addRow().addContent(route.alias(), String.join(" > ", route.models()),
                    route.strategy() == null ? "-" : route.strategy(),
                    route.timeoutMillis() == 0 ? "-" : route.timeoutMillis(),
                    route.maxAttempts() == 0 ? "-" : route.maxAttempts(),
                    route.retryBackoffMillis() < 0 ? "-" : route.retryBackoffMillis(),
                    route.fallbackText() == null ? "no" : "yes", listing.source(),
                    !listing.active() ? "shadowed by a model" : listing.instances().isEmpty() ? "nothing"
                            : String.join(", ", listing.instances()));
        }
        return table;
    }
}
