package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.Caller;
import org.junit.Test;

/** The start-up warm-up's secret: one per open, refused once closed, never a key of the ring. */
public class WarmUpKeyTest {

    private final WarmUpKey warmUp = new WarmUpKey();

    @Test
    public void anOpenSecretIsTheWarmUpCallerAndNothingElseIs() {
        String secret = warmUp.open();

        Caller caller = warmUp.authenticate(secret).orElseThrow();
        assertThat(caller.warmUp()).isTrue();
        assertThat(caller.mayPin()).isFalse();
        assertThat(caller.cacheMode()).isEqualTo(dev.switchboard.core.api.CacheMode.OFF);
        assertThat(secret).hasSizeGreaterThanOrEqualTo(4 + 43); // 256 random bits
        assertThat(warmUp.authenticate(secret.substring(0, secret.length() - 1) + "x")).isEmpty();
        assertThat(warmUp.authenticate("sk-sb-whatever")).isEmpty();
        assertThat(warmUp.authenticate(null)).isEmpty();
    }

    @Test
    public void closedItAuthenticatesNobody() {
        String secret = warmUp.open();
        warmUp.close();

        assertThat(warmUp.authenticate(secret)).isEmpty();
        assertThat(warmUp.isOpen()).isFalse();
    }

    @Test
    public void eachOpenMakesANewSecretAndTheOldOneIsGone() {
        String first = warmUp.open();
        String second = warmUp.open();

        assertThat(second).isNotEqualTo(first);
        assertThat(warmUp.authenticate(first)).isEmpty();
        assertThat(warmUp.authenticate(second)).isPresent();
    }

    @Test
    public void aKeyCallerIsNeverTheWarmUpCaller() {
        Caller key = new Caller("key_1", "app", "acme", false).within("u", "s").tagged(java.util.List.of("t"))
                .pinning("mock");
        assertThat(key.warmUp()).isFalse();
        assertThat(WarmUpKey.CALLER.within("u", "s").tagged(java.util.List.of("t")).warmUp())
                .as("copies keep it").isTrue();
    }
}
