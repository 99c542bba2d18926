package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import com.codahale.metrics.MetricRegistry;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import javax.servlet.DispatcherType;
import javax.servlet.Servlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.rules.ExternalResource;

/**
 * The bundle's servlets in an embedded Jetty 9.4 (what Pax Web runs) on 127.0.0.1 and a free port, mapped to
 * the same patterns the whiteboard registers, in front of a {@link FakeGateway}.
 */
public final class TestServer extends ExternalResource {

    static final String GOOD_KEY = "sk-test-good-key";
    static final Caller CALLER = new Caller("key-1", "test", "acme", false);
    static final String ADMIN_KEY = "sk-test-admin-key";
    static final Caller ADMIN = new Caller("key-0", "admin", "acme", true);
    static final String OPERATOR_KEY = "sk-test-operator-key";
    static final String TENANT_ADMIN_KEY = "sk-test-tenant-admin-key";
    static final Caller OPERATOR = new Caller("key-op", "ops", "default", dev.switchboard.core.api.Role.OPERATOR,
            null, null, null, java.util.List.of(), java.util.Set.of(), dev.switchboard.core.api.CacheMode.DEFAULT, null);
    static final Caller TENANT_ADMIN = new Caller("key-ta", "acme ops", "acme",
            dev.switchboard.core.api.Role.TENANT_ADMIN, null, null, null, java.util.List.of(), java.util.Set.of(),
            dev.switchboard.core.api.CacheMode.DEFAULT, null);

    final FakeGateway gateway = new FakeGateway();
    final FakeUsageReports usage = new FakeUsageReports();
    final Authenticator authenticator = key -> GOOD_KEY.equals(key) ? Optional.of(CALLER)
            : ADMIN_KEY.equals(key) ? Optional.of(ADMIN) : OPERATOR_KEY.equals(key) ? Optional.of(OPERATOR)
            : TENANT_ADMIN_KEY.equals(key) ? Optional.of(TENANT_ADMIN) : Optional.empty();
    final MetricRegistry registry = new MetricRegistry();
    final FakeLimits limits = new FakeLimits();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final long maxBodyBytes;
    private final long deadlineMillis;
    private final boolean coreBound;
    private long idleTimeoutMillis = 30_000;
    private String[] trustedProxies = new String[0];
    private int maxThreads = 200;
    private int sendBufferBytes = -1;
    private long bodyTimeoutMillis = 20_000;
    private int streamBufferBytes = 524_288;
    private long maxUploadBytes = 26_214_400;
    private Server server;
    private int port;

    TestServer() {
        this(1_048_576, 10_000, true);
    }

    TestServer(long maxBodyBytes, long deadlineMillis, boolean coreBound) {
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineMillis = deadlineMillis;
        this.coreBound = coreBound;
    }

    @Override
    protected void before() throws Exception {
        Gateway boundGateway = coreBound ? gateway : null;
        Authenticator boundAuthenticator = coreBound ? authenticator : null;
        server = new Server(new QueuedThreadPool(maxThreads, Math.min(8, maxThreads)));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setAcceptedSendBufferSize(sendBufferBytes);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(idleTimeoutMillis);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        add(context, new ChatCompletionsServlet(boundGateway, boundAuthenticator, maxBodyBytes, deadlineMillis,
                bodyTimeoutMillis, streamBufferBytes), ChatCompletionsServlet.PATTERN);
        add(context, new MessagesServlet(boundGateway, boundAuthenticator, maxBodyBytes, deadlineMillis),
                MessagesServlet.PATTERN, MessagesServlet.COUNT_TOKENS);
        add(context, new ModelsServlet(boundGateway, boundAuthenticator), ModelsServlet.LIST_PATTERN,
                ModelsServlet.ONE_PATTERN);
        add(context, new HealthServlet(boundGateway, boundAuthenticator), HealthServlet.HEALTH_PATTERN,
                HealthServlet.LIVE_PATTERN);
        add(context, new MetricsServlet(boundGateway, boundAuthenticator, coreBound ? registry : null),
                MetricsServlet.PATTERN);
        add(context, new AdminStatsServlet(boundGateway, boundAuthenticator), AdminStatsServlet.PATTERN);
        add(context, new AdminCacheServlet(boundGateway, boundAuthenticator), AdminCacheServlet.PATTERN);
        add(context, new AdminLimitsServlet(coreBound ? limits : null, coreBound ? limits : null, boundAuthenticator),
                AdminLimitsServlet.LIMITS, AdminLimitsServlet.LIMITS + "/*", AdminLimitsServlet.BUDGETS,
                AdminLimitsServlet.BUDGETS + "/*");
        add(context, new AdminUsageServlet(coreBound ? usage : null, boundAuthenticator), AdminUsageServlet.PATTERN);
        add(context, configured(new EmbeddingsServlet(boundGateway, boundAuthenticator)), "/v1/embeddings");
        add(context, configured(new ImageGenerationsServlet(boundGateway, boundAuthenticator)),
                "/v1/images/generations");
        add(context, configured(new CompletionsServlet(boundGateway, boundAuthenticator)), "/v1/completions");
        add(context, configured(new SpeechServlet(boundGateway, boundAuthenticator)), "/v1/audio/speech");
        TranscriptionsServlet transcriptions = configured(new TranscriptionsServlet(boundGateway, boundAuthenticator));
        transcriptions.maxUploadBytes(maxUploadBytes);
        add(context, transcriptions, "/v1/audio/transcriptions", "/v1/audio/translations");
        add(context, configured(new ResponsesServlet(boundGateway, boundAuthenticator)), "/v1/responses");
        add(context, new UnknownPathServlet(), UnknownPathServlet.PATTERN);
        // as the whiteboard registers it: on every path, for requests (not error dispatches), async supported
        FilterHolder guard = new FilterHolder(new RequestGuard(20, 60_000, 10_000, trustedProxies, 1000));
        guard.setAsyncSupported(true);
        context.addFilter(guard, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    private <S extends EndpointServlet> S configured(S servlet) {
        servlet.maxBodyBytes = maxBodyBytes;
        servlet.deadlineMillis = deadlineMillis;
        servlet.bodyTimeoutMillis = bodyTimeoutMillis;
        servlet.streamBufferBytes = streamBufferBytes;
        return servlet;
    }

    /** {@code max.upload.bytes} of the audio endpoints; set before the server starts. */
    TestServer maxUpload(long bytes) {
        this.maxUploadBytes = bytes;
        return this;
    }

    private static void add(ServletContextHandler context, Servlet servlet, String... patterns) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        for (String pattern : patterns) {
            context.addServlet(holder, pattern);
        }
    }

    @Override
    protected void after() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jetty's connection idle timeout (Pax Web's default is 30 s); set before the server starts. */
    TestServer idleTimeout(long millis) {
        this.idleTimeoutMillis = millis;
        return this;
    }

    /** Peers whose X-Forwarded-For is believed; set before the server starts. */
    TestServer trustedProxies(String... addresses) {
        this.trustedProxies = addresses;
        return this;
    }

    /** At most this many server threads (Jetty's acceptor and selector take one each). */
    TestServer threads(int max) {
        this.maxThreads = max;
        return this;
    }

    /** The kernel send buffer of accepted connections, small to make a non-reading client felt sooner. */
    TestServer sendBuffer(int bytes) {
        this.sendBufferBytes = bytes;
        return this;
    }

    /** {@code body.read.timeout.ms} */
    TestServer bodyTimeout(long millis) {
        this.bodyTimeoutMillis = millis;
        return this;
    }

    /** {@code stream.buffer.bytes} */
    TestServer streamBuffer(int bytes) {
        this.streamBufferBytes = bytes;
        return this;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    HttpRequest.Builder authorized(String path) {
        return request(path).header("Authorization", "Bearer " + GOOD_KEY);
    }

    HttpRequest.Builder asAdmin(String path) {
        return request(path).header("Authorization", "Bearer " + ADMIN_KEY);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postChat(String body) throws IOException, InterruptedException {
        return send(authorized("/v1/chat/completions").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
