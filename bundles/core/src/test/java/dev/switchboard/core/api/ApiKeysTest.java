package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** What the key API's values print: never a secret. */
public class ApiKeysTest {

    @Test
    public void anIssuedKeyPrintsWithoutItsSecret() {
        ApiKeys.KeyInfo info = new ApiKeys.KeyInfo("k1", "ci", "acme", null, null, Role.APP, 1L, 0L, List.of(),
                Map.of(), List.of(), CacheMode.DEFAULT, 0L);
        ApiKeys.IssuedKey issued = new ApiKeys.IssuedKey(info, "sk-sb-topsecretvalue");
        assertThat(issued.toString()).contains("k1").doesNotContain("topsecretvalue");
        assertThat(issued.secret()).isEqualTo("sk-sb-topsecretvalue");
    }
}
