package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "key-create",
        description = "Creates a virtual API key and prints its secret once; only its hash is kept.")
@Service
public class KeyCreate implements Action {

    @Argument(index = 0, name = "name", required = true, description = "What the key is for, e.g. the application")
    String name;

    @Option(name = "--tenant", description = "Tenant the key belongs to")
    String tenant = "default";

    @Option(name = "--admin", description = "Allow the key to use admin operations")
    boolean admin;

    @Reference
    ApiKeys keys;

    @Override
    public Object execute() {
        print(keys.create(name, tenant, admin), System.out);
        return null;
    }

    static void print(ApiKeys.IssuedKey issued, PrintStream out) {
        ApiKeys.KeyInfo info = issued.info();
        out.println("Created key " + info.id() + " (name " + info.name() + ", tenant " + info.tenant()
                + (info.admin() ? ", admin" : "") + ").");
        out.println("Secret: " + issued.secret());
        out.println("It is shown this once and cannot be recovered; store it now.");
    }
}
