package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.ApiKeys;
import java.util.List;
import org.junit.Test;

public class KeyCommandsTest {

    @Test
    public void printsTheNewSecretExactlyOnce() {
        ApiKeys.IssuedKey issued = new ApiKeys.IssuedKey(
                new ApiKeys.KeyInfo("k-1", "billing-app", "acme", true, 0), "sk-sb-secret-value");

        String printed = Printed.by(out -> KeyCreate.print(issued, out));

        assertThat(printed).contains("k-1", "billing-app", "acme", "admin");
        assertThat(printed.split("sk-sb-secret-value", -1)).hasSize(2);
    }

    @Test
    public void listsKeysOldestFirstWithoutSecrets() {
        String printed = Printed.table(KeyList.table(List.of(
                new ApiKeys.KeyInfo("k-2", "new", "acme", false, 1_700_000_100_000L),
                new ApiKeys.KeyInfo("k-1", "old", "default", true, 1_700_000_000_000L))));

        String[] lines = printed.split("\\R");
        assertThat(lines[2]).containsPattern("k-1\\s*\\|\\s*old\\s*\\|\\s*default\\s*\\|\\s*\\|\\s*admin\\s*\\|\\s*2023-11-14T22:13:20Z\\s*\\|\\s*never");
        assertThat(lines[3]).contains("k-2", "app");
    }
}
