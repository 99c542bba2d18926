package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ProviderChecks;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the provider instances that serve now. */
@Service
public class ServingInstanceCompleter implements Completer {

    @Reference
    ProviderChecks checks;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        delegate.getStrings().addAll(checks.instanceIds());
        return delegate.complete(session, commandLine, candidates);
    }
}
