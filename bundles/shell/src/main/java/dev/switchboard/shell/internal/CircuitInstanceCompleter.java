package dev.switchboard.shell.internal;

import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the instances that have a circuit breaker. */
@Service
public class CircuitInstanceCompleter implements Completer {

    @Reference
    Circuits circuits;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        for (CircuitReport report : circuits.circuits()) {
            delegate.getStrings().add(report.instanceId());
        }
        return delegate.complete(session, commandLine, candidates);
    }
}
