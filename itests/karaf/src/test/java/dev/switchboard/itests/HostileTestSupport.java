package dev.switchboard.itests;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import dev.switchboard.core.api.ApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javax.inject.Inject;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;

/**
 * Base of the hostile-input suite. Each test sends one class of hostile input through
 * {@link #attackClass}, which then checks what must hold after any attack: no answer was a 5xx, errors on
 * {@code /v1} were OpenAI-shaped JSON, another tenant's normal chat (plain and streamed) still succeeds,
 * and the heap after GC and the server's threads stayed within fixed bounds of where they were before.
 * It records the figures of every class ({@link HostileFigures}).
 * <p>
 * Two keys of different tenants: the attacker's, and the tenant whose normal chats must keep working.
 */
public abstract class HostileTestSupport extends SwitchboardTestSupport {

    /**
     * Busy threads of the server's pools (not idle in their pool) may exceed their number before the attack by
     * this much once slow clients have settled (a burst may briefly use more) and after it; a thread held per
     * slow client may not (the attacks that could pin threads use 40 to 70 clients).
     */
    protected static final int BUSY_SLACK = 16;
    /**
     * All the server's threads may grow by this much: pools keep threads a burst of connections started for
     * a minute, so this bounds only runaway thread creation.
     */
    protected static final int THREAD_SLACK = 128;
    /** Threads parked in servlet I/O on behalf of a slow client: with non-blocking I/O, none. */
    protected static final int WAITING_ON_CLIENT_LIMIT = 4;
    /** Heap after GC may grow by this much over an attack class (caches, pools, JIT). */
    protected static final long HEAP_SLACK_MB = 64;
    /** Longest a normal chat may take while or after the server is attacked. */
    protected static final Duration NORMAL_CHAT_TIMEOUT = Duration.ofSeconds(15);

    private static volatile String[] attacker;
    private static volatile String[] tenant;

    @Inject
    protected ApiKeys keys;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        return OptionUtils.combine(super.config(),
                systemProperty(HostileFigures.FILE).value(required(HostileFigures.FILE)),
                // a stream buffer well below what the slow-reader streams carry, so "further behind than its
                // buffer" is reached whatever the kernel's socket buffers absorb first
                editConfigurationFilePut("etc/dev.switchboard.rest.cfg", "stream.buffer.bytes", "16384"));
    }

    @Before
    public void issueKeys() {
        if (attacker == null) {
            ensureTenant("hostile-attacker");
            ensureTenant("hostile-tenant");
            attacker = secret(keys.create("hostile-attacker", "hostile-attacker", false));
            tenant = secret(keys.create("hostile-tenant", "hostile-tenant", false));
        }
    }

    private static String[] secret(ApiKeys.IssuedKey issued) {
        return new String[] {issued.info().id(), issued.secret()};
    }

    protected static String attackerKey() {
        return attacker[1];
    }

    protected static String tenantKey() {
        return tenant[1];
    }

    /**
     * Runs one attack class and checks the bounds that hold after any attack; fails listing every broken
     * rule (the attack's own and the shared ones) after recording the class's figures.
     */
    protected void attackClass(String name, Consumer<Attack> attack) {
        ServerVitals before = ServerVitals.afterGc();
        AttackTally tally = new AttackTally();
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        int peakThreads;
        int peakBusy;
        int peakWaiting;
        ServerVitals settled;
        try (VitalsSampler sampler = new VitalsSampler()) {
            try {
                attack.accept(new Attack(tally, sampler, before.busyPoolThreads()));
            } catch (AssertionError | RuntimeException e) {
                problems.add("the attack itself failed: " + e);
            }
            peakThreads = sampler.peakThreads();
            peakBusy = sampler.peakBusyPoolThreads();
            peakWaiting = sampler.peakWaitingOnClient();
            settled = sampler.settled();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        problems.addAll(tally.violations());
        String normal = normalChatProblem("after " + name);
        if (normal != null) {
            problems.add(normal);
        }
        ServerVitals after = ServerVitals.afterGc();
        if (after.heapUsedMb() > before.heapUsedMb() + HEAP_SLACK_MB) {
            problems.add("heap after GC grew from " + before.heapUsedMb() + " MB to " + after.heapUsedMb() + " MB (bound +"
                    + HEAP_SLACK_MB + ")");
        }
        if (settled != null && settled.busyPoolThreads() > before.busyPoolThreads() + BUSY_SLACK) {
            problems.add("busy server pool threads were " + settled.busyPoolThreads() + " with the slow clients settled,"
                    + " from " + before.busyPoolThreads() + " (bound +" + BUSY_SLACK + "); they were at:"
                    + settled.busyTops());
        }
        if (after.busyPoolThreads() > before.busyPoolThreads() + BUSY_SLACK) {
            problems.add("busy server pool threads stayed at " + after.busyPoolThreads() + ", from "
                    + before.busyPoolThreads() + " (bound +" + BUSY_SLACK + "); they are at:" + after.busyTops());
        }
        if (peakThreads > before.serverThreads() + THREAD_SLACK) {
            problems.add("server threads peaked at " + peakThreads + ", from " + before.serverThreads() + " (bound +"
                    + THREAD_SLACK + ")");
        }
        if (peakWaiting > WAITING_ON_CLIENT_LIMIT) {
            problems.add(peakWaiting + " server threads were parked in servlet I/O waiting on clients (bound "
                    + WAITING_ON_CLIENT_LIMIT + ")");
        }
        HostileFigures.add(new HostileFigures.Row(getClass().getSimpleName(), name, tally.sent(),
                tally.statusSummary(), tally.worstStatus(), before, after, peakThreads, peakBusy, peakWaiting, millis,
                problems.isEmpty() ? "held" : "FAILED (" + problems.size() + ")"));
        if (!problems.isEmpty()) {
            throw new AssertionError(name + ": " + problems.size() + " broken rule(s):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** What an attack gets: the tally to record answers in, and the sampler to record its worst moment in. */
    protected record Attack(AttackTally tally, VitalsSampler sampler, int baselineBusy) {

        /** Samples the vitals now (call when every attacking client is connected and stuck). */
        void worstMoment() {
            sampler.recordSettled(ServerVitals.now());
        }

        /**
         * With every attacking client still stuck, waits (at most {@code max}) for the busy pool threads to come
         * back within the bound, then samples: a thread that is only working off a burst (producing a stream
         * until the client's buffers are full) frees itself, a thread pinned by a client never does.
         */
        void settleThenSample(Duration max) {
            long deadline = System.nanoTime() + max.toNanos();
            ServerVitals now = ServerVitals.now();
            while (now.busyPoolThreads() > baselineBusy + BUSY_SLACK && System.nanoTime() < deadline) {
                ServerVitals.sleep(250);
                now = ServerVitals.now();
            }
            sampler.recordSettled(now);
        }
    }

    /**
     * Null when the other tenant's chat works: a plain {@code mock-echo} answering its own message and a
     * {@code mock-lorem} stream ending in {@code [DONE]}, each within {@link #NORMAL_CHAT_TIMEOUT}; else
     * what went wrong.
     */
    protected static String normalChatProblem(String when) {
        String message = "normal chat " + UUID.randomUUID();
        try {
            HttpResponse<String> plain = send(request("/v1/chat/completions", tenantKey())
                    .timeout(NORMAL_CHAT_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody("mock-echo", message, ""))).build());
            String echoed = plain.statusCode() == 200
                    ? json(plain).path("choices").path(0).path("message").path("content").asText() : null;
            if (!message.equals(echoed)) {
                return "a normal chat " + when + " got " + plain.statusCode() + " "
                        + RawHttp.abbreviate(plain.body(), 200);
            }
            HttpResponse<String> streamed = send(request("/v1/chat/completions", tenantKey())
                    .timeout(NORMAL_CHAT_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chatBody("mock-lorem", "hello", "\"stream\":true")))
                    .build());
            List<String> events = streamed.statusCode() == 200 ? sseData(streamed) : List.of();
            if (events.isEmpty() || !"[DONE]".equals(events.get(events.size() - 1))) {
                return "a normal streamed chat " + when + " got " + streamed.statusCode() + " "
                        + RawHttp.abbreviate(streamed.body(), 200);
            }
            return null;
        } catch (UncheckedIOException | IllegalStateException e) {
            return "a normal chat " + when + " got no answer within " + NORMAL_CHAT_TIMEOUT.toSeconds() + " s: " + e;
        }
    }

    /** A chat body of {@code model} with one user message and {@code extra} spliced in, as bytes. */
    protected static byte[] chatBytes(String model, String extra) {
        return chatBody(model, "hi", extra).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code request} {@code total} times, {@code concurrency} at once, on test threads, stopping new
     * requests after {@code budget}.
     */
    protected static void parallel(AttackTally tally, int concurrency, int total, Duration budget,
                                 IntConsumer request) {
        AtomicInteger next = new AtomicInteger();
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "hostile-client-" + names.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                workers.add(pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < total && System.nanoTime() < deadline) {
                        request.accept(n);
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(budget.toMillis() + 40_000, TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            tally.violation("the parallel clients did not finish: " + e);
        } finally {
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
