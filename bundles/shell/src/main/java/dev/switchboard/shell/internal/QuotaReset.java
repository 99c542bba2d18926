package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Limits;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "quota-reset",
        description = "Sets a rate limit, quota or budget back to zero for its current window or period (budgets and"
                + " exact limits for the whole cluster; local limits here and in the cluster's count).")
@Service
public class QuotaReset implements Action {

    @Argument(index = 0, name = "name", required = true, description = "The limit's name, as quota-show lists it")
    String name;

    @Option(name = "--strategy", description = "Only in this strategy (budget, rate-limit, ...)")
    String strategy;

    @Reference
    Limits limits;

    @Override
    public Object execute() {
        if (!limits.resetLimit(strategy, name)) {
            throw new IllegalArgumentException("No limit named " + name
                    + (strategy == null ? "" : " in strategy " + strategy) + ".");
        }
        System.out.println("Reset " + name + " for its current window.");
        return null;
    }
}
