package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.ModelListing;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the models the gateway serves right now. */
@Service
public class ModelIdCompleter implements Completer {

    @Reference
    Gateway gateway;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ModelListing listing : gateway.models()) {
            delegate.getStrings().add(listing.model().id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
