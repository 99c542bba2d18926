package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids (never the secrets) of the virtual keys. */
@Service
public class KeyIdCompleter implements Completer {

    @Reference
    ApiKeys keys;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (ApiKeys.KeyInfo key : keys.list()) {
            delegate.getStrings().add(key.id());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
