package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Directory;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "tenant-create", description = "Creates (or renames) a tenant.")
@Service
public class TenantCreate implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The tenant's id: a-z, 0-9, '.', '_', '-'")
    String id;

    @Option(name = "--name", description = "A display name (default the id)")
    String name;

    @Reference
    Directory directory;

    @Override
    public Object execute() {
        Directory.Tenant tenant = directory.putTenant(id, name, Map.of());
        System.out.println("Tenant " + tenant.id() + " (" + tenant.name() + ").");
        return null;
    }
}
