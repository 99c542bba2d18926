package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Role;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Who may run it is Karaf's command ACL ({@code etc/org.apache.karaf.command.acl.switchboard.cfg}: the Karaf role
 * {@code admin}); a shell user is trusted as a Switchboard admin, so any role and tenant may be given.
 */
@Command(scope = "switchboard", name = "key-create",
        description = "Creates a virtual API key and prints its secret once; only its hash is kept.")
@Service
public class KeyCreate implements Action {

    @Argument(index = 0, name = "name", required = true, description = "What the key is for, e.g. the application")
    String name;

    @Option(name = "--tenant", description = "Tenant the key belongs to (it must exist)")
    String tenant = "default";

    @Option(name = "--project", description = "Project of the tenant the key belongs to")
    String project;

    @Option(name = "--user", description = "End user the key belongs to (its requests count as this user's)")
    String user;

    @Option(name = "--role", description = "admin, operator, tenant-admin or app (default app)")
    String role;

    @Option(name = "--admin", description = "Same as --role admin")
    boolean admin;

    @Option(name = "--expires-in", description = "Seconds until the key stops working (default never)")
    long expiresInSeconds;

    @Option(name = "--allow-model", multiValued = true, description = "A model or route the key may use (repeat; default all)")
    List<String> models;

    @Option(name = "--tag", multiValued = true, description = "A tag its requests carry into quotas and the ledger (repeat)")
    List<String> tags;

    @Option(name = "--cache", description = "default, off or key (its own cache partition)")
    String cache;

    @Reference
    ApiKeys keys;

    @Override
    public Object execute() {
        Role granted = admin ? Role.ADMIN : role == null ? Role.APP : Role.fromWire(role);
        long expires = expiresInSeconds > 0 ? System.currentTimeMillis() + expiresInSeconds * 1000 : 0;
        print(keys.create(new ApiKeys.KeySpec(name, tenant, project, user, granted, expires, models, Map.of(), tags,
                CacheMode.fromWire(cache))), System.out);
        return null;
    }

    static void print(ApiKeys.IssuedKey issued, PrintStream out) {
        ApiKeys.KeyInfo info = issued.info();
        out.println("Created key " + info.id() + " (name " + info.name() + ", tenant " + info.tenant()
                + (info.project() == null ? "" : ", project " + info.project()) + ", role " + info.role().wireName()
                + ").");
        out.println("Secret: " + issued.secret());
        out.println("It is shown this once and cannot be recovered; store it now.");
    }
}
