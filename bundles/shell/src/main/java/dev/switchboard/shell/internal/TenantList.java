package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Directory;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "tenant-list", description = "Lists the tenants with their projects and users.")
@Service
public class TenantList implements Action {

    @Reference
    Directory directory;

    @Override
    public Object execute() {
        table(directory).print(System.out);
        return null;
    }

    static ShellTable table(Directory directory) {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Projects");
        table.column("Users");
        table.column("Created");
        table.emptyTableText("No tenants.");
        for (Directory.Tenant tenant : directory.tenants()) {
            List<Directory.Project> projects = directory.projects(tenant.id());
            table.addRow().addContent(tenant.id(), tenant.name(),
                    String.join(",", projects.stream().map(Directory.Project::id).toList()),
                    directory.users(tenant.id()).size(), Instant.ofEpochMilli(tenant.createdEpochMillis()).toString());
        }
        return table;
    }
}
