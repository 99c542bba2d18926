package dev.switchboard.webhooks.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header, as Stripe signs its webhooks: {@code t=<unix seconds>,v1=<hex>} where the hex is
 * HMAC-SHA256(secret, {@code "<t>." + body}). Signing the time with the body lets a receiver refuse a replayed
 * delivery (older than its tolerance) without keeping every event id forever. docs/security.md shows a receiver.
 */
final class WebhookSignature {

    static final String HEADER = "x-switchboard-signature";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("a webhook secret needs at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value for {@code body} sent at {@code epochSeconds}. */
    String sign(long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac(epochSeconds, body));
    }

    /**
     * What a receiver does: the header parses, its time is within {@code toleranceSeconds} of {@code nowSeconds},
     * and one {@code v1} matches, compared in constant time.
     */
    boolean verify(String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long time = null;
        java.util.List<String> signatures = new java.util.ArrayList<>(1);
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                return false;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    time = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (name.equals("v1")) {
                signatures.add(value);
            }
        }
        if (time == null || Math.abs(nowSeconds - time) > toleranceSeconds) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(mac(time, body)).getBytes(StandardCharsets.US_ASCII);
        for (String signature : signatures) {
            if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    private byte[] mac(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[secret=****]";
    }
}
