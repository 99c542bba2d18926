package dev.switchboard.webhooks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Deliveries through the shared upstream client to a loopback receiver. */
public class WebhookDeliveryTest {

    private static final String SECRET = "whsec_test_0123456789";
    private final WebhookSignature signature = new WebhookSignature(SECRET);
    private HttpClient client;
    private LoopbackUpstream receiver;
    private WebhookDelivery delivery;

    @Before
    public void start() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        receiver = LoopbackUpstream.start();
    }

    @After
    public void stop() throws Exception {
        if (delivery != null) {
            delivery.close();
        }
        receiver.close();
        client.stop();
    }

    private WebhookDelivery delivery(URI url, int maxAttempts, int capacity, int inFlight) {
        delivery = new WebhookDelivery("test", url, signature, new RetrySchedule(maxAttempts, 10, 40, () -> 0.5),
                Duration.ofSeconds(5), capacity, inFlight, client, System::currentTimeMillis);
        return delivery;
    }

    private static WebhookDelivery.Pending event(String id) {
        return new WebhookDelivery.Pending(id, "key.revoked",
                ("{\"id\":\"" + id + "\",\"type\":\"key.revoked\"}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void postsTheEventSignedWithItsIdAndType() throws Exception {
        receiver.reply(LoopbackUpstream.json(204, ""));
        WebhookDelivery webhook = delivery(URI.create(receiver.baseUrl() + "/hooks/switchboard"), 3, 10, 2);
        assertTrue(webhook.offer(event("evt_a")));
        await(() -> webhook.stats().delivered.get() == 1);
        LoopbackUpstream.Received received = receiver.last();
        assertEquals("POST", received.method());
        assertEquals("/hooks/switchboard", received.path());
        assertEquals("evt_a", received.header("x-switchboard-event-id"));
        assertEquals("key.revoked", received.header("x-switchboard-event"));
        assertTrue(received.header("content-type").startsWith("application/json"));
        byte[] body = received.body().getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"evt_a\",\"type\":\"key.revoked\"}", received.body());
        assertTrue(signature.verify(received.header("x-switchboard-signature"), body,
                System.currentTimeMillis() / 1000, 300));
        assertEquals(0, webhook.stats().retried.get());
    }

    @Test
    public void retriesServerErrorsWithTheSameEventIdUntilDelivered() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        receiver.reply(exchange -> {
            int status = calls.incrementAndGet() <= 2 ? 503 : 200;
            exchange.respond(status, "text/plain", "x".getBytes(StandardCharsets.UTF_8), Map.of());
        });
        WebhookDelivery webhook = delivery(URI.create(receiver.baseUrl() + "/h"), 4, 10, 1);
        webhook.offer(event("evt_b"));
        await(() -> webhook.stats().delivered.get() == 1);
        List<LoopbackUpstream.Received> requests = receiver.requests();
        assertEquals(3, requests.size());
        for (LoopbackUpstream.Received request : requests) {
            assertEquals("evt_b", request.header("x-switchboard-event-id"));
            assertTrue(signature.verify(request.header("x-switchboard-signature"),
                    request.body().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis() / 1000, 300));
        }
        assertEquals(2, webhook.stats().retried.get());
        assertEquals(0, webhook.stats().failed.get());
    }

    @Test
    public void aClientErrorIsFinal() throws Exception {
        receiver.reply(LoopbackUpstream.json(400, "{\"error\":\"no\"}"));
        WebhookDelivery webhook = delivery(URI.create(receiver.baseUrl() + "/h"), 5, 10, 1);
        webhook.offer(event("evt_c"));
        await(() -> webhook.stats().failed.get() == 1);
        assertEquals(1, receiver.requests().size());
        assertEquals(0, webhook.stats().retried.get());
    }

    @Test
    public void connectionFailuresAreRetriedAsOftenAsAllowedThenGivenUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WebhookDelivery webhook = delivery(URI.create("http://127.0.0.1:" + closedPort + "/h"), 3, 10, 1);
        webhook.offer(event("evt_d"));
        await(() -> webhook.stats().failed.get() == 1);
        assertEquals(2, webhook.stats().retried.get());
        assertEquals(0, webhook.stats().delivered.get());
    }

    @Test
    public void aFullQueueDropsAndCountsWithoutBlockingThePublisher() throws Exception {
        receiver.reply(LoopbackUpstream.Exchange::hang);
        WebhookDelivery webhook = delivery(URI.create(receiver.baseUrl() + "/h"), 1, 2, 1);
        // one in flight (the receiver holds it), two queued, the rest dropped at once
        assertTrue(webhook.offer(event("evt_1")));
        assertTrue(webhook.offer(event("evt_2")));
        assertTrue(webhook.offer(event("evt_3")));
        assertFalse(webhook.offer(event("evt_4")));
        assertFalse(webhook.offer(event("evt_5")));
        assertEquals(2, webhook.stats().dropped.get());
        assertEquals(2, webhook.queued());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
