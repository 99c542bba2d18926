package dev.switchboard.webhooks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class WebhookSignatureTest {

    private static final String SECRET = "whsec_0123456789abcdef";
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    public void signsTheTimeAndTheBodyAsDocumented() {
        // computed apart from this code: python3 hmac.new(secret, b'1700000000.' + body, sha256).hexdigest()
        assertEquals("t=1700000000,v1=dea1657bd5053cb0f8a75ebf0bd3d22e0cdeb79563b44db6b88864e522fb8bc4",
                new WebhookSignature(SECRET).sign(1_700_000_000L, BODY));
    }

    @Test
    public void aReceiverAcceptsOnlyTheSameBodyTimeAndSecretWithinItsTolerance() {
        WebhookSignature signature = new WebhookSignature(SECRET);
        String header = signature.sign(1_700_000_000L, BODY);
        assertTrue(signature.verify(header, BODY, 1_700_000_100L, 300));
        assertFalse("body changed", signature.verify(header, "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8),
                1_700_000_000L, 300));
        assertFalse("too old: a replay", signature.verify(header, BODY, 1_700_000_301L, 300));
        assertFalse("time changed", signature.verify(header.replace("t=1700000000", "t=1700000001"), BODY,
                1_700_000_000L, 300));
        assertFalse("other secret", new WebhookSignature(SECRET + "x").verify(header, BODY, 1_700_000_000L, 300));
        assertFalse(signature.verify(null, BODY, 1_700_000_000L, 300));
        assertFalse(signature.verify("garbage", BODY, 1_700_000_000L, 300));
    }

    @Test
    public void aShortSecretIsRefusedAndNoSecretIsPrinted() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature("short"));
        assertFalse(new WebhookSignature(SECRET).toString().contains(SECRET));
    }
}
