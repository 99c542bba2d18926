package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.core.api.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class QuotaCommandsTest {

    private final List<String> resets = new ArrayList<>();
    private final Limits limits = new Limits() {
        @Override
        public List<QuotaUsage> limits() {
            return List.of(new QuotaUsage("budget", "acme-monthly", "tenant:acme", "cost-micro-usd", "2026-12",
                            41_500_000, 120_000, 100_000_000, Instant.parse("2027-01-01T00:00:00Z"), "exact"),
                    new QuotaUsage("rate-limit", "key-rpm", "key:key_1", "requests", "sliding-window per PT1M", 17, 0,
                            600, null, "local"));
        }

        @Override
        public boolean resetLimit(String strategy, String name) {
            resets.add(strategy + "/" + name);
            return name.equals("acme-monthly");
        }
    };

    @Test
    public void showsEveryLimitWithItsUseModeAndReset() {
        String printed = Printed.table(QuotaShow.table(limits.limits()));
        assertThat(printed).contains("acme-monthly", "tenant:acme", "41500000", "100000000", "exact",
                "2027-01-01T00:00:00Z");
        assertThat(printed).contains("key-rpm", "key:key_1", "17", "600", "local");
    }

    @Test
    public void resetsAKnownLimitAndRefusesAnUnknownOne() {
        QuotaReset reset = new QuotaReset();
        reset.limits = limits;
        reset.name = "acme-monthly";
        reset.execute();
        reset.name = "nope";
        reset.strategy = "budget";
        assertThatThrownBy(reset::execute).hasMessageContaining("nope").hasMessageContaining("budget");
        assertThat(resets).containsExactly("null/acme-monthly", "budget/nope");
    }
}
