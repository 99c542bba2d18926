package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/** The warm-up's requests against a loopback stub of the listener: the count, the time cap, a refusing listener. */
public class StartupWarmUpTest {

    private static final String KEY = "sbw-test-secret";

    private HttpServer stub;
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private static final String RELAY = "switchboard-warm-up-relay";
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile int relayStatus = 200;
    private volatile long delayMillis;

    private URI stub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        stub.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            served.incrementAndGet();
            bodies.add(body);
            int answered = body.contains(RELAY) ? relayStatus : status;
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body.contains("\"stream\":true"));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answered, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        stub.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @After
    public void tearDown() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    @Test
    public void sendsItsCountOfChatStreamedChatAndEmbeddingsWithTheKey() throws Exception {
        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(stub(), KEY, "mock-echo", 30, 10_000, 3))
                .run();

        assertThat(result.sent()).isEqualTo(30);
        assertThat(result.failed()).isZero();
        assertThat(served.get()).isEqualTo(30);
        assertThat(seen).filteredOn(s -> s.equals("POST /v1/chat/completions Bearer " + KEY + " false")).hasSize(10);
        assertThat(seen).filteredOn(s -> s.equals("POST /v1/chat/completions Bearer " + KEY + " true")).hasSize(10);
        assertThat(seen).filteredOn(s -> s.equals("POST /v1/embeddings Bearer " + KEY + " false")).hasSize(10);
    }

    @Test
    public void stopsAtItsTimeCap() throws Exception {
        URI base = stub();
        delayMillis = 50;

        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(base, KEY, "mock-echo", 100_000, 300, 2))
                .run();

        assertThat(result.sent()).as("far fewer than asked: the cap ended it").isLessThan(1_000).isPositive();
        assertThat(result.failed()).isZero();
    }

    @Test
    public void aListenerThatRefusesEndsItAfterAFewFailures() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(
                URI.create("http://127.0.0.1:" + closedPort), KEY, "mock-echo", 100_000, 30_000, 2)).run();

        assertThat(result.failed()).isGreaterThanOrEqualTo(StartupWarmUp.MAX_FAILURES);
        assertThat(result.sent()).isLessThan(StartupWarmUp.MAX_FAILURES + 3);
        assertThat(result.firstFailure()).doesNotContain(KEY);
    }

    @Test
    public void aListenerAnsweringErrorsEndsItAfterAFewFailures() throws Exception {
        URI base = stub();
        status = 503;

        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(base, KEY, "mock-echo", 100_000, 30_000, 2))
                .run();

        assertThat(result.failed()).isGreaterThanOrEqualTo(StartupWarmUp.MAX_FAILURES);
        assertThat(served.get()).isLessThan(StartupWarmUp.MAX_FAILURES + 3);
        assertThat(result.firstFailure()).contains("503");
    }

    @Test
    public void offWhenCountOrCapIsZero() throws Exception {
        URI base = stub();
        assertThat(new StartupWarmUp(new StartupWarmUp.Plan(base, KEY, "m", 0, 1000, 1)).run().sent()).isZero();
        assertThat(new StartupWarmUp(new StartupWarmUp.Plan(base, KEY, "m", 10, 0, 1)).run().sent()).isZero();
        assertThat(served.get()).isZero();
    }

    @Test
    public void thePlanNeverShowsTheKey() throws Exception {
        assertThat(new StartupWarmUp.Plan(URI.create("http://127.0.0.1:1"), KEY, "m", 1, 1, 1).toString())
                .doesNotContain(KEY);
    }

    @Test
    public void thePlanAlternatesTheMockAndTheRelayModelForEveryKind() {
        StartupWarmUp.Plan plan = new StartupWarmUp.Plan(URI.create("http://127.0.0.1:1"), KEY, "mock-echo", RELAY, 1,
                1, 1);

        assertThat(plan.calls()).extracting(StartupWarmUp.Call::model)
                .containsExactly("mock-echo", RELAY, "mock-echo", RELAY, "mock-echo", RELAY);
        assertThat(plan.calls()).extracting(StartupWarmUp.Call::kind).containsExactly(
                StartupWarmUp.Kind.CHAT, StartupWarmUp.Kind.CHAT, StartupWarmUp.Kind.CHAT_STREAM,
                StartupWarmUp.Kind.CHAT_STREAM, StartupWarmUp.Kind.EMBEDDINGS, StartupWarmUp.Kind.EMBEDDINGS);
        assertThat(new StartupWarmUp.Plan(URI.create("http://127.0.0.1:1"), KEY, "mock-echo", 1, 1, 1).calls())
                .extracting(StartupWarmUp.Call::model).containsOnly("mock-echo");
    }

    @Test
    public void sendsEachKindToBothModelsWithinItsCountAndCountsTheRelayApart() throws Exception {
        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(stub(), KEY, "mock-echo", RELAY, 60,
                10_000, 3)).run();

        assertThat(result.sent()).isEqualTo(60);
        assertThat(result.relaySent()).isEqualTo(30);
        assertThat(result.failed()).isZero();
        assertThat(bodies).filteredOn(b -> b.contains("\"model\":\"" + RELAY + "\"")).hasSize(30);
        assertThat(bodies).filteredOn(b -> b.contains("\"model\":\"mock-echo\"")).hasSize(30);
        assertThat(bodies).filteredOn(b -> b.contains(RELAY) && b.contains("\"stream\":true")).hasSize(10);
        assertThat(bodies).filteredOn(b -> b.contains(RELAY) && b.contains("\"input\"")).hasSize(10);
    }

    @Test
    public void aFailingRelayIsSkippedAndTheMocksRequestsGoOn() throws Exception {
        URI base = stub();
        relayStatus = 502;

        StartupWarmUp.Result result = new StartupWarmUp(new StartupWarmUp.Plan(base, KEY, "mock-echo", RELAY, 120,
                10_000, 2)).run();

        assertThat(result.relayFailed()).isEqualTo(result.relaySent()).isBetween(StartupWarmUp.MAX_FAILURES,
                StartupWarmUp.MAX_FAILURES + 2);
        assertThat(result.failed()).isEqualTo(result.relayFailed());
        assertThat(bodies).filteredOn(b -> b.contains("\"model\":\"mock-echo\"")).hasSize(60);
    }
}
