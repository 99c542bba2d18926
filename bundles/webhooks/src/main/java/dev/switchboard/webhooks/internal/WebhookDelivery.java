package dev.switchboard.webhooks.internal;

import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamResponse;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook's events: a bounded queue ({@link #offer} never blocks: past its capacity an event is
 * dropped and counted), at most {@code maxInFlight} POSTs at once on the shared client, retries after
 * {@link RetrySchedule} on the client's scheduler (no thread of its own). At least once while the node runs;
 * nothing survives a restart.
 */
final class WebhookDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    static final String EVENT_ID_HEADER = "x-switchboard-event-id";
    static final String EVENT_TYPE_HEADER = "x-switchboard-event";

    /** One event on its way: the body is fixed; the signature is made per attempt with that attempt's time. */
    record Pending(String id, String type, byte[] body) {
    }

    private final String name;
    private final URI url;
    private final WebhookSignature signature;
    private final RetrySchedule schedule;
    private final Duration timeout;
    private final int maxInFlight;
    private final HttpClient client;
    private final LongSupplier clockMillis;
    private final ArrayBlockingQueue<Pending> queue;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DeliveryStats stats = new DeliveryStats();
    private volatile boolean closed;

    WebhookDelivery(String name, URI url, WebhookSignature signature, RetrySchedule schedule, Duration timeout,
                    int queueCapacity, int maxInFlight, HttpClient client, LongSupplier clockMillis) {
        if (queueCapacity < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("queue.capacity and max.in.flight must be at least 1");
        }
        this.name = name;
        this.url = url;
        this.signature = signature;
        this.schedule = schedule;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.client = client;
        this.clockMillis = clockMillis;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    DeliveryStats stats() {
        return stats;
    }

    int queued() {
        return queue.size();
    }

    /** Queues the event and starts a delivery if a place is free; {@code false} (and counted) when dropped. */
    boolean offer(Pending event) {
        if (closed || !queue.offer(event)) {
            long dropped = stats.dropped.incrementAndGet();
            // a receiver that is down for long drops many: the first and every 1000th are enough to see it
            if (dropped == 1 || dropped % 1000 == 0) {
                LOG.warn("Webhook '{}': {} event(s) dropped so far (queue full or closed), latest {} ({})", name,
                        dropped, event.id(), event.type());
            }
            return false;
        }
        pump();
        return true;
    }

    /** Stops taking events; deliveries in progress may finish, retries not yet due are not made. */
    void close() {
        closed = true;
        int lost = queue.size();
        queue.clear();
        if (lost > 0) {
            stats.dropped.addAndGet(lost);
            LOG.info("Webhook '{}' stopped with {} event(s) undelivered", name, lost);
        }
    }

    private void pump() {
        while (!closed) {
            int current = inFlight.get();
            if (current >= maxInFlight) {
                return;
            }
            if (!inFlight.compareAndSet(current, current + 1)) {
                continue;
            }
            Pending next = queue.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                // an offer between poll and decrement saw no free place: look again
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            attempt(next, 1);
        }
    }

    private void attempt(Pending event, int attempt) {
        if (closed) {
            finished();
            return;
        }
        long now = clockMillis.getAsLong() / 1000;
        try {
            JsonPost.to(client, url, "webhook")
                    .header(WebhookSignature.HEADER, signature.sign(now, event.body()))
                    .header(EVENT_ID_HEADER, event.id())
                    .header(EVENT_TYPE_HEADER, event.type())
                    .body(event.body())
                    .timeout(timeout)
                    .maxResponseBytes(16 * 1024)
                    .send()
                    .whenComplete((response, failure) -> answered(event, attempt, response, failure));
        } catch (RuntimeException e) {
            answered(event, attempt, null, e);
        }
    }

    private void answered(Pending event, int attempt, UpstreamResponse response, Throwable failure) {
        if (failure == null && response.isSuccess()) {
            stats.delivered.incrementAndGet();
            finished();
            return;
        }
        String outcome = failure == null ? "HTTP " + response.status() : failure.getClass().getSimpleName();
        if (retryable(response) && schedule.retries(attempt) && !closed) {
            long delay = schedule.delayAfter(attempt);
            stats.retried.incrementAndGet();
            LOG.debug("Webhook '{}': event {} attempt {} failed ({}); next in {} ms", name, event.id(), attempt,
                    outcome, delay);
            try {
                client.getScheduler().schedule(() -> attempt(event, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException stopped) {
                giveUp(event, attempt, "client stopped");
            }
            return;
        }
        giveUp(event, attempt, outcome);
    }

    private void giveUp(Pending event, int attempt, String outcome) {
        stats.failed.incrementAndGet();
        LOG.warn("Webhook '{}': event {} ({}) not delivered after {} attempt(s): {}", name, event.id(),
                event.type(), attempt, outcome);
        finished();
    }

    private void finished() {
        inFlight.decrementAndGet();
        pump();
    }

    /** No response (timeout, connection refused or broken), 5xx, 408 or 429; other answers are final. */
    static boolean retryable(UpstreamResponse response) {
        if (response == null) {
            return true;
        }
        int status = response.status();
        return status >= 500 || status == 408 || status == 429;
    }
}
