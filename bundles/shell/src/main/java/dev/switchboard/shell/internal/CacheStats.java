package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.StatsReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "cache-stats",
        description = "Lists each bound response cache in the order the gateway asks them: level, hits, misses, hit"
                + " ratio and entries, as the cache reports them.")
@Service
public class CacheStats implements Action {

    static final String UNKNOWN = "?";

    @Reference
    Gateway gateway;

    @Override
    public Object execute() {
        print(gateway.stats().caches(), System.out);
        return null;
    }

    static void print(List<StatsReport.Cache> caches, PrintStream out) {
        table(caches).print(out);
    }

    static ShellTable table(List<StatsReport.Cache> caches) {
        ShellTable table = new ShellTable();
        table.column("Cache");
        table.column("Level");
        for (String numeric : new String[] {"Hits", "Misses", "Hit ratio", "Entries"}) {
            table.column(numeric).alignRight();
        }
        table.emptyTableText("No cache bound.");
        for (StatsReport.Cache cache : caches) {
            String level = cache.level() == null ? UNKNOWN : cache.level().name().toLowerCase(Locale.ROOT);
            var stats = cache.stats();
            if (stats == null) {
                // the cache threw instead of reporting (a bug in its bundle): say so rather than print zeros
                table.addRow().addContent(cache.name(), level, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
            } else {
                table.addRow().addContent(cache.name(), level, stats.hits(), stats.misses(),
                        String.format(Locale.ROOT, "%.1f %%", stats.hitRatio() * 100), stats.size());
            }
        }
        return table;
    }
}
