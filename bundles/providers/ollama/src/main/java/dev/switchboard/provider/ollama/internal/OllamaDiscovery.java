package dev.switchboard.provider.ollama.internal;

import dev.switchboard.support.http.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BufferingResponseListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the server's model list ({@code GET /api/tags}) now and then every interval, and hands each list it got to
 * {@code onModels}. It owns no thread: the reads go through the shared client and are timed by that client's
 * scheduler; {@link #stop()} cancels what is pending. A server that is down is simply asked again next time.
 */
final class OllamaDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(OllamaDiscovery.class);
    private static final int MAX_TAGS_BYTES = 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI tags;
    private final Duration interval;
    private final Consumer<List<String>> onModels;
    private volatile boolean stopped;
    private volatile Scheduler.Task next;
    private boolean reportedDown;

    OllamaDiscovery(HttpClient client, URI tags, Duration interval, Consumer<List<String>> onModels) {
        this.client = client;
        this.tags = tags;
        this.interval = interval;
        this.onModels = onModels;
    }

    void start() {
        read();
    }

    void stop() {
        stopped = true;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    private void read() {
        if (stopped) {
            return;
        }
        client.newRequest(tags).timeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send(new BufferingResponseListener(MAX_TAGS_BYTES) {
                    @Override
                    public void onComplete(Result result) {
                        try {
                            if (result.isFailed()) {
                                down(result.getFailure().getClass().getSimpleName());
                            } else if (result.getResponse().getStatus() != 200) {
                                down("HTTP " + result.getResponse().getStatus());
                            } else {
                                answered(new UpstreamResponse(200, result.getResponse().getHeaders(), getContent()));
                            }
                        } finally {
                            scheduleNext();
                        }
                    }
                });
    }

    private void answered(UpstreamResponse response) {
        List<String> names;
        try {
            names = OllamaWire.readTags(response.body());
        } catch (IOException | RuntimeException e) {
            down("unreadable model list: " + new String(response.body(), 0, Math.min(80, response.body().length),
                    StandardCharsets.UTF_8));
            return;
        }
        reportedDown = false;
        if (!stopped) {
            onModels.accept(names);
        }
    }

    private void down(String why) {
        if (!reportedDown) {
            reportedDown = true;
            LOG.info("Ollama model list {} not available ({}); asking again every {} s", tags, why, interval.toSeconds());
        }
    }

    private void scheduleNext() {
        if (!stopped && !interval.isZero()) {
            next = client.getScheduler().schedule(this::read, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
