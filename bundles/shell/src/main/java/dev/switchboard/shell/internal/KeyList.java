package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "key-list", description = "Lists the virtual API keys (never their secrets).")
@Service
public class KeyList implements Action {

    @Reference
    ApiKeys keys;

    @Override
    public Object execute() {
        table(keys.list()).print(System.out);
        return null;
    }

    static ShellTable table(List<ApiKeys.KeyInfo> keys) {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Tenant");
        table.column("Project");
        table.column("Role");
        table.column("Created");
        table.column("Expires");
        table.emptyTableText("No keys.");
        keys.stream().sorted(Comparator.comparingLong(ApiKeys.KeyInfo::createdEpochMillis)).forEach(key ->
                table.addRow().addContent(key.id(), key.name(), key.tenant(),
                        key.project() == null ? "" : key.project(), key.role().wireName(),
                        Instant.ofEpochMilli(key.createdEpochMillis()).toString(),
                        key.expiresEpochMillis() == 0 ? "never" : Instant.ofEpochMilli(key.expiresEpochMillis()).toString()));
        return table;
    }
}
