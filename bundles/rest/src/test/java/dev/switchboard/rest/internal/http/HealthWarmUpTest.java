package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.WarmUpCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Test;

/**
 * {@code /health} holds ready back while the start-up warm-up runs through the same listener, says so, stays live,
 * and is ready once the warm-up ends, however it ends; the warm-up's credential is closed afterwards.
 */
public class HealthWarmUpTest {

    private static final String SECRET = "sbw-one-time";

    private final TestServer core = new TestServer();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> warmUpRequests = new CopyOnWriteArrayList<>();
    private final List<String> warmUpBodies = new CopyOnWriteArrayList<>();
    private final FakeCalls calls = new FakeCalls();
    private volatile int apiStatus = 200;
    private Server server;
    private URI base;
    private final HttpClient client = HttpClient.newHttpClient();

    /** Core's credential: counts opens and closes; with {@code relayModel} set, core made a relay route. */
    static final class FakeCalls implements WarmUpCalls {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile String relayModel;
        volatile URI listener;
        volatile String upstreamModel;

        @Override
        public Opened open(URI listener, String mockModel) {
            this.listener = listener;
            this.upstreamModel = mockModel;
            return new Opened(open(), relayModel);
        }

        @Override
        public String open() {
            opened.incrementAndGet();
            return SECRET;
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private void start(List<ModelListing> models, WarmUpGate.Settings settings) throws Exception {
        start(models, settings, () -> false);
    }

    private void start(List<ModelListing> models, WarmUpGate.Settings settings, BooleanSupplier mockExpected)
            throws Exception {
        core.gateway.health = new HealthReport(true, true, List.of("mock"), List.of("mock"), List.of(), List.of(),
                List.of("round-robin"), "round-robin", 2);
        core.gateway.models = models;
        HealthServlet health = new HealthServlet(core.gateway, core.authenticator, (host, port) -> true, calls,
                new WarmUpGate(), settings);
        health.mockExpected = mockExpected;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(health), HealthServlet.HEALTH_PATTERN);
        context.addServlet(new ServletHolder(health), HealthServlet.LIVE_PATTERN);
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                warmUpRequests.add(request.getRequestURI() + " " + request.getHeader("Authorization"));
                warmUpBodies.add(new String(request.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                response.setStatus(apiStatus);
                response.getWriter().write("{}");
            }
        }), "/v1/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @After
    public void tearDown() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls {@code /health} until 200, at most 10 s (the warm-up's own bound is far below). */
    private HttpResponse<String> readyWithin10s() throws Exception {
        HttpResponse<String> response = get("/health");
        for (int i = 0; i < 200 && response.statusCode() != 200; i++) {
            Thread.sleep(50);
            response = get("/health");
        }
        return response;
    }

    private static List<ModelListing> mockModel() {
        return List.of(new ModelListing(ModelInfo.text("mock-echo", "0", "0", 1000), List.of("mock"),
                List.of("mock")));
    }

    @Test
    public void notReadyWhileWarmingUpThenReadyAndTheCredentialClosed() throws Exception {
        start(mockModel(), new WarmUpGate.Settings(6, 20_000, 2));

        HttpResponse<String> warming = get("/health");
        assertThat(warming.statusCode()).isEqualTo(503);
        assertThat(warming.body()).contains("\"ready\":false", "\"warming_up\":true");
        assertThat(get("/health/live").statusCode()).as("live throughout").isEqualTo(200);

        release.countDown();
        HttpResponse<String> ready = readyWithin10s();
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true").doesNotContain("warming_up");
        assertThat(warmUpRequests).hasSize(6).allMatch(r -> r.endsWith(" Bearer " + SECRET))
                .anyMatch(r -> r.startsWith("/v1/chat/completions")).anyMatch(r -> r.startsWith("/v1/embeddings"));
        assertThat(calls.opened.get()).isEqualTo(1);
        assertThat(calls.closed.get()).as("the secret is revoked when warming ends").isEqualTo(1);
        assertThat(get("/health").statusCode()).as("latched").isEqualTo(200);
        assertThat(calls.opened.get()).as("once per start").isEqualTo(1);
    }

    @Test
    public void aFailingWarmUpStillEndsInReady() throws Exception {
        apiStatus = 500;
        release.countDown();
        start(mockModel(), new WarmUpGate.Settings(1_000, 20_000, 2));

        assertThat(readyWithin10s().statusCode()).isEqualTo(200);
        assertThat(warmUpRequests.size()).isLessThan(StartupWarmUp.MAX_FAILURES + 3);
        assertThat(calls.closed.get()).isEqualTo(1);
    }

    @Test
    public void withoutAMockModelThereIsNoWarmUpAndReadyAtOnce() throws Exception {
        start(List.of(new ModelListing(ModelInfo.text("gpt-4o", "1", "1", 1000), List.of("openai"),
                List.of("openai"))), new WarmUpGate.Settings(100, 20_000, 2));

        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(calls.opened.get()).isZero();
        assertThat(warmUpRequests).isEmpty();
    }

    @Test
    public void aConfiguredMockStillComingUpIsWaitedForThenWarmedUpAgainst() throws Exception {
        start(List.of(new ModelListing(ModelInfo.text("gpt-4o", "1", "1", 1000), List.of("openai"),
                List.of("openai"))), new WarmUpGate.Settings(4, 20_000, 2), () -> true);

        HttpResponse<String> waiting = get("/health");
        assertThat(waiting.statusCode()).as("the mock's bundle is still starting").isEqualTo(503);
        assertThat(calls.opened.get()).isZero();

        core.gateway.models = mockModel();
        release.countDown();
        assertThat(readyWithin10s().statusCode()).isEqualTo(200);
        assertThat(calls.opened.get()).isEqualTo(1);
        assertThat(warmUpRequests).isNotEmpty();
    }

    @Test
    public void aConfiguredMockThatNeverComesIsWaitedForAtMostTheWarmUpsTimeCap() throws Exception {
        start(List.of(new ModelListing(ModelInfo.text("gpt-4o", "1", "1", 1000), List.of("openai"),
                List.of("openai"))), new WarmUpGate.Settings(4, 300, 2), () -> true);

        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(readyWithin10s().statusCode()).isEqualTo(200);
        assertThat(calls.opened.get()).isZero();
        assertThat(warmUpRequests).isEmpty();
    }

    @Test
    public void switchedOffThereIsNoWarmUp() throws Exception {
        start(mockModel(), new WarmUpGate.Settings(0, 8_000, 2));

        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(calls.opened.get()).isZero();
    }

    @Test
    public void withARelayFromCoreTheWarmUpAlternatesTheMockAndTheRelayModel() throws Exception {
        calls.relayModel = "switchboard-warm-up-relay";
        release.countDown();
        start(mockModel(), new WarmUpGate.Settings(12, 20_000, 2));

        assertThat(readyWithin10s().statusCode()).isEqualTo(200);
        assertThat(calls.listener).as("core is told the listener over loopback").isEqualTo(base);
        assertThat(calls.upstreamModel).isEqualTo("mock-echo");
        assertThat(warmUpBodies).hasSize(12);
        assertThat(warmUpBodies).filteredOn(b -> b.contains("\"model\":\"switchboard-warm-up-relay\"")).hasSize(6);
        assertThat(warmUpBodies).filteredOn(b -> b.contains("\"model\":\"mock-echo\"")).hasSize(6);
        assertThat(calls.closed.get()).as("the relay goes with the secret").isEqualTo(1);
    }
}
