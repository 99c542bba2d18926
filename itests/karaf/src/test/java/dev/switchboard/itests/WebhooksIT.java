package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Hashtable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;

/** A key revoked in the shell reaches a configured webhook as a signed key.revoked event. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebhooksIT extends SwitchboardTestSupport {

    private static final String SECRET = "whsec-itest-2f8a61c0d93e";

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Test
    public void aKeyRevokedInTheShellArrivesSignedAtTheWebhook() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            org.osgi.service.cm.Configuration webhook = configAdmin.createFactoryConfiguration("dev.switchboard.webhook", "?");
            Hashtable<String, Object> settings = new Hashtable<>();
            settings.put("url", receiver.url());
            settings.put("secret", SECRET);
            settings.put("events", new String[] {"key.revoked"});
            webhook.update(settings);
            waitFor("the webhook listening to key.revoked", Duration.ofSeconds(30),
                    () -> handlerFor("dev/switchboard/key/revoked"));

            String created = executeCommand("switchboard:key-create webhook-it-app");
            String keyId = created.substring(created.indexOf("Created key ") + "Created key ".length()).split("\\s")[0];
            String secretKey = created.substring(created.indexOf("Secret: ") + "Secret: ".length()).split("\\s")[0];
            executeCommand("switchboard:key-revoke " + keyId);

            waitFor("the key.revoked delivery", Duration.ofSeconds(30), () -> !receiver.deliveries().isEmpty());
            WebhookReceiver.Delivery delivery = receiver.deliveries().get(0);
            assertThat(delivery.headers().get("x-switchboard-event")).isEqualTo("key.revoked");
            assertThat(delivery.headers().get("x-switchboard-event-id")).startsWith("evt_");
            assertThat(delivery.body()).contains("\"type\":\"key.revoked\"").contains("\"key.id\":\"" + keyId + "\"")
                    .contains("\"tenant\":\"default\"").contains(delivery.headers().get("x-switchboard-event-id"))
                    .doesNotContain(secretKey).doesNotContain(SECRET);
            assertThat(verified(delivery.headers().get("x-switchboard-signature"), delivery.body())).isTrue();
            webhook.delete();
        }
    }

    private boolean handlerFor(String topic) {
        try {
            return bundleContext.getServiceReferences("org.osgi.service.event.EventHandler",
                    "(event.topics=" + topic + ")") != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What docs/security.md tells a receiver to do: t=<unix>,v1=HMAC-SHA256(secret, "<t>." + body). */
    private static boolean verified(String header, String body) throws Exception {
        String time = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                time = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (time == null || v1 == null || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(time)) > 300) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((time + "." + body).getBytes(StandardCharsets.UTF_8));
        return java.security.MessageDigest.isEqual(HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
                v1.getBytes(StandardCharsets.US_ASCII));
    }
}
