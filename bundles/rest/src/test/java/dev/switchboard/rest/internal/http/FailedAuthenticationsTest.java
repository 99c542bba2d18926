package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class FailedAuthenticationsTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    public void blocksAfterTheLimitUntilTheWindowEnds() {
        FailedAuthentications failures = new FailedAuthentications(3, 60_000, 100, now::get);
        for (int i = 0; i < 3; i++) {
            assertThat(failures.blockedNanos("a")).isZero();
            failures.recordFailure("a");
        }
        assertThat(failures.blockedNanos("a")).isEqualTo(60_000_000_000L);
        assertThat(failures.blockedNanos("b")).isZero();
        now.set(59_999_000_000L);
        assertThat(failures.blockedNanos("a")).isPositive();
        now.set(60_000_000_000L);
        assertThat(failures.blockedNanos("a")).isZero();
        assertThat(failures.recordFailure("a")).as("a fresh window").isEqualTo(1);
    }

    @Test
    public void manyAddressesCannotGrowItBeyondItsBound() {
        FailedAuthentications failures = new FailedAuthentications(3, 60_000, 1_000, now::get);
        for (int i = 0; i < 100_000; i++) {
            failures.recordFailure("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
            assertThat(failures.trackedAddresses()).isLessThanOrEqualTo(1_000);
        }
    }

    @Test
    public void ipv6CountsPerSlash64() {
        assertThat(ClientAddress.group("2001:db8:1:2:aaaa::1")).isEqualTo(ClientAddress.group("2001:db8:1:2::ffff"))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddress.group("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddress.group("not:an:address:zz")).isEqualTo("not:an:address:zz");
    }
}
