package dev.switchboard.shell.internal;

import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.core.api.Limits;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "quota-show",
        description = "Shows every rate limit, quota and budget with what is used of it now (exact ones and budgets"
                + " as the cluster counts them; local ones as this node counts them).")
@Service
public class QuotaShow implements Action {

    @Argument(index = 0, name = "scope", required = false,
            description = "Only limits whose scope contains this (e.g. tenant:acme, key_1)")
    String scope;

    @Option(name = "--no-format", description = "Plain text, no table borders")
    boolean noFormat;

    @Reference
    Limits limits;

    @Override
    public Object execute() {
        List<QuotaUsage> shown = limits.limits().stream()
                .filter(usage -> scope == null || usage.scope().contains(scope)).toList();
        table(shown).print(System.out, !noFormat);
        return null;
    }

    static ShellTable table(List<QuotaUsage> usages) {
        ShellTable table = new ShellTable();
        table.column("Strategy");
        table.column("Limit");
        table.column("Scope");
        table.column("Counts");
        table.column("Window");
        table.column("Used").alignRight();
        table.column("Held").alignRight();
        table.column("Of").alignRight();
        table.column("Mode");
        table.column("Resets");
        table.emptyTableText("No limit is configured (or no strategy that shows its limits is installed).");
        for (QuotaUsage usage : usages) {
            table.addRow().addContent(usage.strategy(), usage.name(), usage.scope(), usage.dimension(),
                    usage.period(), usage.used(), usage.reserved(), usage.limit(), usage.mode(),
                    usage.resetsAt() == null ? "-" : usage.resetsAt().toString());
        }
        return table;
    }
}
