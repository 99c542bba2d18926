package dev.switchboard.bench;

import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.HttpClient;

/**
 * The stub called through the gateway's own upstream client (the support bundle's pooled Jetty client and
 * {@link JsonPost}, the same code and defaults the openai provider uses), from this JVM: the floor under any
 * gateway latency, since every proxied request pays one such call. Closed loop: each completion sends the
 * next request from the thread that completed it, as the gateway's pipeline does.
 */
final class UpstreamClientFloor {

    private UpstreamClientFloor() {
    }

    static LoadDriver.Outcome closedLoop(int stubPort, String body, int concurrency, double warmupSeconds,
            double measureSeconds) throws Exception {
        HttpClient client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        try {
            URI uri = URI.create("http://127.0.0.1:" + stubPort + "/v1/chat/completions");
            byte[] json = body.getBytes(StandardCharsets.UTF_8);
            Recorder recorder = new Recorder(3);
            AtomicLong errors = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            long start = System.nanoTime();
            long measureStart = start + (long) (warmupSeconds * 1e9);
            long measureEnd = measureStart + (long) (measureSeconds * 1e9);
            CountDownLatch done = new CountDownLatch(concurrency);
            for (int i = 0; i < concurrency; i++) {
                new Caller(client, uri, json, recorder, errors, completed, measureStart, measureEnd, done).next();
            }
            done.await((long) (warmupSeconds + measureSeconds + 30), TimeUnit.SECONDS);
            LoadDriver.Outcome o = new LoadDriver.Outcome();
            o.latency.add(recorder.getIntervalHistogram());
            o.completed = completed.get();
            o.errors = errors.get();
            o.seconds = measureSeconds;
            return o;
        } finally {
            client.stop();
        }
    }

    private record Caller(HttpClient client, URI uri, byte[] json, Recorder recorder, AtomicLong errors,
            AtomicLong completed, long measureStart, long measureEnd, CountDownLatch done) {

        void next() {
            long sent = System.nanoTime();
            if (sent >= measureEnd) {
                done.countDown();
                return;
            }
            JsonPost.to(client, uri, "bench").header("Authorization", "Bearer sk-bench").body(json)
                    .timeout(Duration.ofSeconds(30)).send().whenComplete((response, failure) -> {
                        long now = System.nanoTime();
                        if (now >= measureStart && now < measureEnd) {
                            if (failure != null || response.status() != 200) {
                                errors.incrementAndGet();
                            } else {
                                recorder.recordValue(now - sent);
                                completed.incrementAndGet();
                            }
                        }
                        next();
                    });
        }
    }
}
