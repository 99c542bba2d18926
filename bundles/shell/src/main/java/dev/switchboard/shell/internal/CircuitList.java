package dev.switchboard.shell.internal;

import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "circuit-list",
        description = "Lists the circuit breaker of each provider instance as this node sees it (open states are"
                + " shared by every node of the cluster).")
@Service
public class CircuitList implements Action {

    @Reference
    Circuits circuits;

    @Override
    public Object execute() {
        table(circuits.circuits()).print(System.out);
        return null;
    }

    static ShellTable table(List<CircuitReport> reports) {
        ShellTable table = new ShellTable();
        table.column("Instance");
        table.column("State");
        table.column("For (s)").alignRight();
        table.column("Failure rate").alignRight();
        table.emptyTableText("No instance has a circuit yet.");
        for (CircuitReport report : reports) {
            table.addRow().addContent(report.instanceId(), report.state(), report.stateAgeMillis() / 1000,
                    String.format(Locale.ROOT, "%.0f%%", report.failureRate() * 100));
        }
        return table;
    }
}
