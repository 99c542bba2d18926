package dev.switchboard.shell.internal;

import dev.switchboard.core.api.RouteListing;
import dev.switchboard.core.api.Routes;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the aliases of the routes set at run time (the ones route-remove can remove). */
@Service
public class RouteAliasCompleter implements Completer {

    @Reference
    Routes routes;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (RouteListing listing : routes.routes()) {
            if (RouteListing.RUNTIME.equals(listing.source())) {
                delegate.getStrings().add(listing.definition().alias());
            }
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
