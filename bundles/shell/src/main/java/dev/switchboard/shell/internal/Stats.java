package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.StatsReport;
import java.io.PrintStream;
import java.util.Comparator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "stats",
        description = "Shows traffic, errors, tokens, cost and latency percentiles per instance and model.")
@Service
public class Stats implements Action {

    @Reference
    Gateway gateway;

    @Override
    public Object execute() {
        print(gateway.stats(), System.out);
        return null;
    }

    static void print(StatsReport report, PrintStream out) {
        table(report).print(out);
        out.println("Cache hits: " + report.cacheHits() + "  Quota denials: " + report.quotaDenials());
        if (!report.failures().isEmpty()) {
            out.println();
            failures(report).print(out);
        }
    }

    /** Provider failures per instance and error code: what to look for in the log (first of each is a WARN). */
    static ShellTable failures(StatsReport report) {
        ShellTable table = new ShellTable();
        table.column("Instance");
        table.column("Failure");
        table.column("Count").alignRight();
        report.failures().forEach(f -> table.addRow().addContent(f.instanceId(), f.code(), f.count()));
        return table;
    }

    static ShellTable table(StatsReport report) {
        ShellTable table = new ShellTable();
        table.column("Instance");
        table.column("Model");
        for (String numeric : new String[] {"Requests", "Errors", "Tokens in", "Tokens out", "Cost $", "p50 ms",
                "p95 ms", "p99 ms"}) {
            table.column(numeric).alignRight();
        }
        table.emptyTableText("No traffic yet.");
        report.rows().stream()
                .sorted(Comparator.comparing(StatsReport.Row::instanceId).thenComparing(StatsReport.Row::model))
                .forEach(row -> table.addRow().addContent(row.instanceId(), row.model(), row.requests(),
                        row.errors(), row.promptTokens(), row.completionTokens(), Figures.usd(row.costUsd()),
                        Figures.millis(row.p50Millis()), Figures.millis(row.p95Millis()),
                        Figures.millis(row.p99Millis())));
        return table;
    }
}
