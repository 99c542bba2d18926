package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class SecurityAuditTest {

    private final AtomicLong now = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    @Test
    public void namesAddressPathAndReasonButNeverTheKey() {
        SecurityAudit audit = new SecurityAudit(10, now::get, lines::add);
        audit.authenticationFailed("203.0.113.7", "POST", "/v1/chat/completions", "invalid_key",
                "sk-live-0123456789abcdef", 1);

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("auth.failure", "address=203.0.113.7", "/v1/chat/completions",
                "reason=invalid_key", "length:24").doesNotContain("0123456789", "sk-live");
        audit.authenticationFailed("203.0.113.7", "POST", "/v1/chat/completions", "invalid_key",
                "sk-live-0123456789abcdef", 2);
        assertThat(lines.get(1).replaceAll(".*fp:(\\w+).*", "$1"))
                .as("the same key, the same fingerprint").isEqualTo(lines.get(0).replaceAll(".*fp:(\\w+).*", "$1"));
    }

    @Test
    public void aFloodIsCutToTheBudgetAndCounted() {
        SecurityAudit audit = new SecurityAudit(10, now::get, lines::add);
        for (int i = 0; i < 10_000; i++) {
            audit.authenticationFailed("203.0.113.7", "GET", "/v1/models", "invalid_key", "k" + i, i);
        }
        assertThat(lines).hasSize(10);
        now.set(61_000_000_000L);
        audit.authenticationFailed("203.0.113.7", "GET", "/v1/models", "invalid_key", "k", 1);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(10)).startsWith("(9990 earlier lines not logged");
    }

    @Test
    public void clientTextStaysOnOneLine() {
        assertThat(SecurityAudit.printable("/v1/x\r\nforged: line")).isEqualTo("/v1/x??forged: line");
    }
}
