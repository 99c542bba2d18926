package dev.switchboard.rest.internal.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Requests to the gateway's own listener before it reports ready, so the JIT has compiled the request path
 * (Jetty, the servlets, JSON, the pipeline, the mock provider) when clients arrive: a cold start served a quarter of
 * the warm throughput for its first seconds. Keep-alive HTTP/1.1 over loopback on {@code connections} connections of
 * our own threads, round-robin {@code POST /v1/chat/completions}, the same streamed (SSE), and {@code /v1/embeddings},
 * each to the mock model and, when core opened one, to the relay model in turn (core's transient {@code openai}
 * instance back to this listener and on to the mock: the upstream HTTP client and the openai mapping warm too);
 * bounded by {@code requests} and by {@code maxMillis}, and it gives up after {@value #MAX_FAILURES} failed requests
 * to the mock (a listener that refuses or answers errors), and skips the relay after as many failed through it.
 * Never throws: whatever happens, it returns and readiness goes on.
 * The key is core's one-time warm-up secret; it is sent, never logged.
 */
final class StartupWarmUp {

    static final int MAX_FAILURES = 10;

    /**
     * What to warm up and how much: {@code requests} or {@code maxMillis} 0 means off. {@code relayModel}: core's
     * relay model, or null for none.
     */
    record Plan(URI base, String key, String model, String relayModel, int requests, long maxMillis,
                int connections) {

        Plan(URI base, String key, String model, int requests, long maxMillis, int connections) {
            this(base, key, model, null, requests, maxMillis, connections);
        }

        /** The requests in the order they are sent, round robin: each kind to the mock model, then to the relay. */
        List<Call> calls() {
            List<Call> calls = new ArrayList<>();
            for (Kind kind : Kind.values()) {
                calls.add(new Call(kind, model, false));
                if (relayModel != null) {
                    calls.add(new Call(kind, relayModel, true));
                }
            }
            return List.copyOf(calls);
        }

        @Override
        public String toString() {
            return "Plan[" + base + ", model=" + model + ", relayModel=" + relayModel + ", requests=" + requests
                    + ", maxMillis=" + maxMillis + ", connections=" + connections + "]"; // never the key
        }
    }

    /** One request of the plan: a kind to a model, through the relay or not. */
    record Call(Kind kind, String model, boolean relayed) {

        @Override
        public String toString() {
            return relayed ? kind + " through the relay" : kind.toString();
        }
    }

    /**
     * How it went: requests sent, of which failed (a status other than 200 or no answer), the first failure; and of
     * them those through the relay, and of those failed.
     */
    record Result(int sent, int failed, long millis, String firstFailure, int relaySent, int relayFailed) {

        Result(int sent, int failed, long millis, String firstFailure) {
            this(sent, failed, millis, firstFailure, 0, 0);
        }
    }

    private final Plan plan;
    private final LongSupplier clock;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger relayFailed = new AtomicInteger();
    private final AtomicInteger relaySent = new AtomicInteger();
    private final List<Call> calls;
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean stopped;

    StartupWarmUp(Plan plan) {
        this(plan, System::nanoTime);
    }

    StartupWarmUp(Plan plan, LongSupplier nanoClock) {
        this.plan = plan;
        this.clock = nanoClock;
        this.calls = plan.calls();
    }

    /** Ends the run early (the component is going away): the workers stop after their request in flight. */
    void stop() {
        stopped = true;
    }

    /** Runs it on {@code connections} threads of its own and returns when they are done, or at the time cap. */
    Result run() {
        long start = clock.getAsLong();
        if (plan.requests() <= 0 || plan.maxMillis() <= 0) {
            return new Result(0, 0, 0, null);
        }
        long deadline = start + Duration.ofMillis(plan.maxMillis()).toNanos();
        // one client per worker: each keeps its own connection alive; a direct executor, no pool of the JDK's
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, plan.connections()); i++) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(1)).executor(Runnable::run).build();
            Thread worker = new Thread(() -> work(client, deadline), "switchboard-warm-up-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            try {
                // a request in flight at the cap ends by its own timeout (the time left, at most 5 s)
                worker.join(Math.max(1, Duration.ofNanos(deadline - clock.getAsLong()).toMillis()) + 6_000);
            } catch (InterruptedException e) {
                stop();
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopped = true;
        return new Result(sent.get(), failed.get(), Duration.ofNanos(clock.getAsLong() - start).toMillis(),
                firstFailure.get(), relaySent.get(), relayFailed.get());
    }

    private void work(HttpClient client, long deadline) {
        int i;
        while (!stopped && failed.get() - relayFailed.get() < MAX_FAILURES
                && (i = next.getAndIncrement()) < plan.requests()) {
            long left = deadline - clock.getAsLong();
            if (left <= 0) {
                return;
            }
            Call call = calls.get(i % calls.size());
            if (call.relayed() && relayFailed.get() >= MAX_FAILURES) {
                continue; // the relay is broken: the mock's requests go on
            }
            sent.incrementAndGet();
            if (call.relayed()) {
                relaySent.incrementAndGet();
            }
            try {
                HttpResponse<Void> response = client.send(request(call, Duration.ofNanos(Math.min(left,
                        Duration.ofSeconds(5).toNanos()))), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 200) {
                    failure(call, call + " answered " + response.statusCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.io.IOException | RuntimeException e) {
                if (deadline - clock.getAsLong() <= 0) {
                    return; // cut by the time cap (its timeout is the time left): the cap, not a failure
                }
                failure(call, call + " failed: " + e.getClass().getSimpleName());
            }
        }
    }

    private void failure(Call call, String what) {
        if (call.relayed()) {
            relayFailed.incrementAndGet();
        }
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, what);
    }

    private HttpRequest request(Call call, Duration timeout) {
        return HttpRequest.newBuilder(plan.base().resolve(call.kind().path)).timeout(timeout)
                .header("Authorization", "Bearer " + plan.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.kind().body(call.model()))).build();
    }

    /** The requests of the hot path, in turn. */
    enum Kind {
        CHAT("/v1/chat/completions", "{\"model\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"warm-up\"}],"
                + "\"max_tokens\":16}"),
        CHAT_STREAM("/v1/chat/completions", "{\"model\":%s,\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"warm-up\"}],\"max_tokens\":16}"),
        EMBEDDINGS("/v1/embeddings", "{\"model\":%s,\"input\":\"warm-up\"}");

        final String path;
        private final String body;

        Kind(String path, String body) {
            this.path = path;
            this.body = body;
        }

        String body(String model) {
            return String.format(body, quoted(model));
        }

        private static String quoted(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c >= ' ') {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
