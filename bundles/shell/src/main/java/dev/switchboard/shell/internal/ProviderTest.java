package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.api.ProviderChecks;
import java.io.PrintStream;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "provider-test",
        description = "Checks one provider instance now (its models list or another call that bills no tokens) and "
                + "prints the latency or the error.")
@Service
public class ProviderTest implements Action {

    // core bounds the check itself (health.check.timeout.ms); this only keeps the console from waiting forever
    private static final long WAIT_SECONDS = 120;

    @Argument(index = 0, name = "instance", required = true, description = "The instance id, as provider-list shows it")
    @Completion(ServingInstanceCompleter.class)
    String instance;

    @Option(name = "--chat", description = "For an instance whose provider offers no check: send a one-token chat "
            + "(bills one token)")
    boolean chat;

    @Reference
    ProviderChecks checks;

    @Override
    public Object execute() throws Exception {
        ProviderCheckReport report;
        try {
            report = checks.test(instance, chat).toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof IllegalArgumentException unknown) {
                throw unknown;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer from " + instance + " within " + WAIT_SECONDS + " s.");
        }
        print(report, System.out);
        return null;
    }

    static void print(ProviderCheckReport report, PrintStream out) {
        if (ProviderCheckReport.NONE.equals(report.method())) {
            out.println(report.instanceId() + " cannot be tested: " + report.detail() + ".");
        } else if (report.passed()) {
            out.println(report.instanceId() + " answered in " + report.latencyMillis() + " ms (" + report.method()
                    + (report.detail().isEmpty() ? "" : ": " + report.detail()) + ").");
        } else {
            out.println(report.instanceId() + " FAILED after " + report.latencyMillis() + " ms (" + report.method()
                    + "): " + report.detail());
        }
    }
}
