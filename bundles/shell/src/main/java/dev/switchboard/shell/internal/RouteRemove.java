package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Routes;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "route-remove",
        description = "Removes a route set at run time, on every node of the cluster (a route of the same name from "
                + "etc serves again).")
@Service
public class RouteRemove implements Action {

    @Argument(index = 0, name = "alias", required = true, description = "The route's alias, as route-list shows it")
    @Completion(RouteAliasCompleter.class)
    String alias;

    @Reference
    Routes routes;

    @Override
    public Object execute() {
        if (!routes.removeRoute(alias)) {
            throw new IllegalArgumentException("No route " + alias + " set at run time.");
        }
        System.out.println("Removed route " + alias + " on every node.");
        return null;
    }
}
