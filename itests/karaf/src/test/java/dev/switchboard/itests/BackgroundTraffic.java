package dev.switchboard.itests;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A steady, bounded stream of chat requests (one every {@code pause}, at most {@code maxRequests}, never
 * longer than {@code maxDuration}) that records every answer that was not 2xx. Hot-deploy tests run it
 * while bundles come and go: a client must never notice.
 */
final class BackgroundTraffic implements AutoCloseable {

    private final String apiKey;
    private final String model;
    private final Duration pause;
    private final int maxRequests;
    private final Duration maxDuration;
    private final UnaryOperator<String> answerTo;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    BackgroundTraffic(String apiKey, String model, Duration pause, int maxRequests, Duration maxDuration) {
        this(apiKey, model, pause, maxRequests, maxDuration, UnaryOperator.identity());
    }

    /** {@code answerTo}: the answer the model gives to a message (an echo model: the message itself). */
    BackgroundTraffic(String apiKey, String model, Duration pause, int maxRequests, Duration maxDuration,
                      UnaryOperator<String> answerTo) {
        this.answerTo = answerTo;
        this.apiKey = apiKey;
        this.model = model;
        this.pause = pause;
        this.maxRequests = maxRequests;
        this.maxDuration = maxDuration;
        this.thread = new Thread(this::run, "itest-background-traffic");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long deadline = System.nanoTime() + maxDuration.toNanos();
        while (running.get() && sent.get() < maxRequests && System.nanoTime() < deadline) {
            int n = sent.incrementAndGet();
            boolean stream = n % 2 == 0;
            String message = "steady traffic " + n;
            try {
                HttpResponse<String> response = SwitchboardTestSupport.chat(apiKey, model, message,
                        stream ? "\"stream\":true" : "");
                if (response.statusCode() / 100 != 2) {
                    failures.add(response.statusCode() + " " + response.body());
                } else if (!answerTo.apply(message).equals(stream ? streamedText(response) : answerText(response))) {
                    failures.add("2xx without the expected answer: " + response.body());
                }
            } catch (RuntimeException e) {
                failures.add("no answer: " + e);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String answerText(HttpResponse<String> response) {
        return SwitchboardTestSupport.json(response).path("choices").path(0).path("message").path("content")
                .asText();
    }

    /** The streamed deltas put together, or null when the stream did not end with [DONE]. */
    private static String streamedText(HttpResponse<String> response) {
        List<String> events = SwitchboardTestSupport.sseData(response);
        if (events.isEmpty() || !"[DONE]".equals(events.get(events.size() - 1))) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            SwitchboardTestSupport.json(event).path("choices")
                    .forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
        }
        return text.toString();
    }

    int sent() {
        return sent.get();
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    /** Stops the loop and waits for the request in flight. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(Duration.ofSeconds(40).toMillis());
    }
}
