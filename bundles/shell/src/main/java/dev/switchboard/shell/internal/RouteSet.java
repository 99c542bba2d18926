package dev.switchboard.shell.internal;

import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.Routes;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "route-set",
        description = "Creates or replaces a route (a model alias) on every node of the cluster: its models in "
                + "fallback order and, optionally, its strategy, timeout, retry policy and never-throw answer. Kept "
                + "in the store across restarts; overrides a route of the same name from etc.")
@Service
public class RouteSet implements Action {

    @Argument(index = 0, name = "alias", required = true, description = "The model name clients will ask for")
    String alias;

    @Argument(index = 1, name = "models", required = true, multiValued = true,
            description = "The models that serve it, first choice first")
    @Completion(ModelIdCompleter.class)
    List<String> models;

    @Option(name = "--strategy", description = "Selection strategy within each model (e.g. lowest-latency)")
    String strategy;

    @Option(name = "--timeout-ms", description = "Deadline of a request, all attempts (0: the gateway's)")
    long timeoutMillis;

    @Option(name = "--max-attempts", description = "Provider calls per request, failovers and retries (0: the gateway's)")
    int maxAttempts;

    @Option(name = "--retry-backoff-ms", description = "First back-off before a route is tried again (default: the gateway's)")
    long retryBackoffMillis = RouteDefinition.DEFAULT_BACKOFF;

    @Option(name = "--fallback-text", description = "Answer given, marked as a fallback, when every candidate fails")
    String fallbackText;

    @Option(name = "--cache", description = "Cache levels the route uses: on (default), exact (no semantic level), off")
    String cache;

    @Reference
    Routes routes;

    @Override
    public Object execute() {
        RouteDefinition set = routes.setRoute(new RouteDefinition(alias, models, strategy, timeoutMillis, maxAttempts,
                retryBackoffMillis, fallbackText, cache));
        System.out.println("Route " + set.alias() + " -> " + String.join(" > ", set.models())
                + " set on every node.");
        return null;
    }
}
