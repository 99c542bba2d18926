package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class RedactionTest {

    @Test
    public void removesSecretsAndBearerTokens() {
        String text = "bad key sk-test-123 sent as Authorization: Bearer abc.def-ghi, try again";

        String redacted = Redaction.redact(text, 500, "sk-test-123", "", null);

        assertThat(redacted).isEqualTo("bad key *** sent as Authorization: Bearer ***, try again");
    }

    @Test
    public void cutsLongText() {
        assertThat(Redaction.redact("abcdefgh", 3)).isEqualTo("abc...");
        assertThat(Redaction.redact(null, 3)).isNull();
    }
}
