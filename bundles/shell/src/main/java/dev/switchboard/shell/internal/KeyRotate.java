package dev.switchboard.shell.internal;

import dev.switchboard.core.api.ApiKeys;
import java.time.Duration;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "key-rotate",
        description = "Gives a key a new secret (printed once); the old one works for the overlap, then stops.")
@Service
public class KeyRotate implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The key's id, as key-list shows it")
    @Completion(KeyIdCompleter.class)
    String id;

    @Option(name = "--overlap", description = "Seconds the old secret keeps working (default 0: it stops now)")
    long overlapSeconds;

    @Reference
    ApiKeys keys;

    @Override
    public Object execute() {
        ApiKeys.IssuedKey issued = keys.rotate(id, Duration.ofSeconds(overlapSeconds))
                .orElseThrow(() -> new IllegalArgumentException("No key with id " + id + "."));
        KeyCreate.print(issued, System.out);
        long until = issued.info().previousSecretExpiresEpochMillis();
        System.out.println(until == 0 ? "The previous secret no longer works."
                : "The previous secret works until " + Instant.ofEpochMilli(until) + ".");
        return null;
    }
}
