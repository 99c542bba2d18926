package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Circuits;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "circuit-reset",
        description = "Closes a provider instance's circuit breaker on every node of the cluster.")
@Service
public class CircuitReset implements Action {

    @Argument(index = 0, name = "instance", required = true, description = "The instance id, as circuit-list shows it")
    @Completion(CircuitInstanceCompleter.class)
    String instance;

    @Reference
    Circuits circuits;

    @Override
    public Object execute() {
        if (!circuits.resetCircuit(instance)) {
            throw new IllegalArgumentException("No circuit for instance " + instance + ".");
        }
        System.out.println("Closed the circuit of " + instance + ".");
        return null;
    }
}
