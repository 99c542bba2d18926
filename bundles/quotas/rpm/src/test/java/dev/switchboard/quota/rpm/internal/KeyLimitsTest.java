package dev.switchboard.quota.rpm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

public class KeyLimitsTest {

    @Test
    public void usesTheDefaultWithoutOverride() {
        KeyLimits limits = KeyLimits.parse(600, new String[0]);

        assertThat(limits.limitFor("any")).isEqualTo(600);
        assertThat(KeyLimits.parse(600, null).limitFor("any")).isEqualTo(600);
    }

    @Test
    public void readsOneOverridePerEntryOrCommaSeparated() {
        KeyLimits limits = KeyLimits.parse(600, new String[] {"key-a=10", " key-b = 20 , key-c=0", ""});

        assertThat(limits.limitFor("key-a")).isEqualTo(10);
        assertThat(limits.limitFor("key-b")).isEqualTo(20);
        assertThat(limits.limitFor("key-c")).isZero();
        assertThat(limits.limitFor("key-d")).isEqualTo(600);
    }

    @Test
    public void rejectsMalformedEntriesByName() {
        assertThatThrownBy(() -> KeyLimits.parse(600, new String[] {"key-a"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key-a");
        assertThatThrownBy(() -> KeyLimits.parse(600, new String[] {"=5"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyLimits.parse(600, new String[] {"key-a=lots"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key-a");
    }
}
