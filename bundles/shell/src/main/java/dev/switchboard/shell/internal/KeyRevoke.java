package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "key-revoke", description = "Revokes a virtual API key by its id.")
@Service
public class KeyRevoke implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The key's id, as key-list shows it")
    @Completion(KeyIdCompleter.class)
    String id;

    @Reference
    ApiKeys keys;

    @Override
    public Object execute() {
        if (!keys.revoke(id)) {
            throw new IllegalArgumentException("No key with id " + id + ".");
        }
        System.out.println("Revoked key " + id + ".");
        return null;
    }
}
