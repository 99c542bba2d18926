package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Gateway;
import java.io.PrintStream;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "cache-clear",
        description = "Drops cached answers from every bound cache (the grid cache's in the whole cluster): all of"
                + " them, or a tenant's, or one model's. Prints how many each cache dropped.")
@Service
public class CacheClear implements Action {

    @Reference
    Gateway gateway;

    @Option(name = "--tenant", description = "Only this tenant's answers")
    String tenant;

    @Option(name = "--model", description = "Only answers to requests for this model (as the client named it)")
    @Completion(ModelIdCompleter.class)
    String model;

    @Override
    public Object execute() {
        print(gateway.clearCache(blankToNull(tenant), blankToNull(model)), System.out);
        return null;
    }

    static void print(Map<String, Long> cleared, PrintStream out) {
        if (cleared.isEmpty()) {
            out.println("No cache bound.");
            return;
        }
        cleared.forEach((cache, count) -> out.println(count < 0
                ? cache + ": failed to clear (see the log)"
                : cache + ": " + count + " answer(s) dropped"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
