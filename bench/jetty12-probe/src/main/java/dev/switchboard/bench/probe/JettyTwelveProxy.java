package dev.switchboard.bench.probe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Jetty 12 stack probe: the smallest pass-through proxy that does what the gateway's two HTTP legs do, on Jetty
 * 12.1 core (a {@link Handler}, no servlet). The server and the upstream client share one thread pool, one scheduler
 * and one buffer pool (issue 15's "own Jetty 12 connector" for the {@code /v1} data plane). It reads the whole request
 * body without blocking ({@link Content.Source#asByteArrayAsync}), forwards it as a POST to the upstream on the same
 * path, and answers either with the upstream's whole answer and a {@code Content-Length} (no {@code "stream":true}) or,
 * for a stream, with each chunk as it arrives (the next one is read once the previous one is written).
 * No pipeline, no JSON parsing: its cost is the ceiling of the stack, not of the gateway.
 *
 * <p>Run: {@code JettyTwelveProxy --upstream-port N [--port 0]}; prints {@code listening <port>}, ends when its stdin
 * closes. Pool sizes are Pax Web 8's server defaults (200 max, 8 min, 60 s idle) so it compares with the 9.4 probe;
 * the client is configured as the support bundle's {@code UpstreamClients.startPooledClient}.
 */
public final class JettyTwelveProxy {

    /** the largest request body read (the gateway's default {@code max.body.bytes} is of this order) */
    static final int MAX_BODY = 4 * 1024 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final HttpClient client;

    public JettyTwelveProxy(int port, int upstreamPort) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("probe12");
        Scheduler scheduler = new ScheduledExecutorScheduler("probe12-scheduler", false);
        ByteBufferPool buffers = new ArrayByteBufferPool();
        server = new Server(threads, scheduler, buffers);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // acceptors and selectors -1: Jetty's defaults from the core count, as Pax Web creates its connector
        connector = new ServerConnector(server, threads, scheduler, buffers, -1, -1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);

        ClientConnector upstream = new ClientConnector();
        upstream.setExecutor(threads);
        upstream.setScheduler(scheduler);
        upstream.setByteBufferPool(buffers);
        upstream.setSelectors(1);
        client = new HttpClient(new HttpClientTransportOverHTTP(upstream));
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setByteBufferPool(buffers);
        // as UpstreamClients.startPooledClient with UpstreamHttpSettings.DEFAULTS
        client.setMaxConnectionsPerDestination(64);
        client.setMaxRequestsQueuedPerDestination(1024);
        client.setConnectTimeout(10_000);
        client.setIdleTimeout(30_000);
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Switchboard"));
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        server.setHandler(new Forward(client, upstreamPort));
    }

    public int start() throws Exception {
        server.start();
        // started after the server, so the shared pool, scheduler and buffer pool are already running and stay the
        // server's (the client does not take over their life cycle)
        client.start();
        client.getProtocolHandlers().clear();
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        client.stop();
        server.stop();
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int upstreamPort = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--upstream-port" -> upstreamPort = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (upstreamPort <= 0) {
            throw new IllegalArgumentException("--upstream-port is required");
        }
        JettyTwelveProxy proxy = new JettyTwelveProxy(port, upstreamPort);
        System.out.println("listening " + proxy.start());
        System.out.flush();
        // the parent ends us (destroy) or closes our stdin when it is done
        while (System.in.read() >= 0) {
            // ignore input
        }
        proxy.stop();
        System.exit(0);
    }

    /** Reads the body, forwards it, answers with what comes back. */
    private static final class Forward extends Handler.Abstract.NonBlocking {

        private final HttpClient client;
        private final int upstreamPort;

        Forward(HttpClient client, int upstreamPort) {
            this.client = client;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            String path = request.getHttpURI().getPathQuery();
            Content.Source.asByteArrayAsync(request, MAX_BODY, Promise.Invocable.from(
                    Invocable.InvocationType.NON_BLOCKING,
                    body -> forward(path, body, request, response, callback),
                    failure -> Response.writeError(request, response, callback, 400, failure.getMessage())));
            return true;
        }

        private void forward(String path, byte[] body, Request request, Response response, Callback callback) {
            org.eclipse.jetty.client.Request up = client.newRequest("127.0.0.1", upstreamPort)
                    .method(HttpMethod.POST)
                    .path(path)
                    .body(new BytesRequestContent("application/json", body));
            if (JsonScan.isTrue(body, "\"stream\"")) {
                Stream s = new Stream(request, response, callback);
                up.onResponseHeaders(s::headers).onResponseContentSource(s::source).send(s::complete);
            } else {
                Whole w = new Whole(request, response, callback);
                up.onResponseContent(w::content).send(w::complete);
            }
        }
    }

    /** A non-streaming answer: collected whole, then written once with its length. */
    private static final class Whole {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);

        Whole(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void content(org.eclipse.jetty.client.Response upstream, ByteBuffer chunk) {
            if (chunk.hasArray()) {
                body.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
            } else {
                byte[] copy = new byte[chunk.remaining()];
                chunk.get(copy);
                body.write(copy, 0, copy.length);
            }
        }

        void complete(Result result) {
            if (result.isFailed()) {
                Response.writeError(request, response, callback, 502, String.valueOf(result.getFailure()));
                return;
            }
            byte[] answer = body.toByteArray();
            response.setStatus(result.getResponse().getStatus());
            String type = result.getResponse().getHeaders().get(HttpHeader.CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type == null ? "application/json" : type);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
            response.write(true, ByteBuffer.wrap(answer), callback);
        }
    }

    /**
     * A streamed answer: each chunk of the upstream's body is written (and flushed) as it is read; the next read
     * waits for that write, so a slow client slows the upstream read rather than filling memory.
     */
    private static final class Stream {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final AtomicBoolean done = new AtomicBoolean();
        private org.eclipse.jetty.client.Response upstream;
        private Content.Source source;

        Stream(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void headers(org.eclipse.jetty.client.Response r) {
            response.setStatus(r.getStatus());
            String type = r.getHeaders().get(HttpHeader.CONTENT_TYPE);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type == null ? "text/event-stream" : type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        }

        void source(org.eclipse.jetty.client.Response r, Content.Source s) {
            upstream = r;
            source = s;
            pump();
        }

        private void pump() {
            while (true) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this::pump);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    upstream.abort(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                if (!chunk.hasRemaining() && !last) {
                    chunk.release();
                    continue;
                }
                response.write(last, chunk.getByteBuffer(), Callback.from(() -> {
                    chunk.release();
                    if (last) {
                        finish(null);
                    } else {
                        pump();
                    }
                }, failure -> {
                    chunk.release();
                    source.fail(failure);
                    finish(failure);
                }));
                return;
            }
        }

        void complete(Result result) {
            if (result.isFailed()) {
                if (!response.isCommitted() && done.compareAndSet(false, true)) {
                    Response.writeError(request, response, callback, 502, String.valueOf(result.getFailure()));
                } else {
                    finish(result.getFailure());
                }
            }
        }

        private void finish(Throwable failure) {
            if (done.compareAndSet(false, true)) {
                if (failure == null) {
                    callback.succeeded();
                } else {
                    callback.failed(failure);
                }
            }
        }
    }

    /** Finds {@code "key" : true} in a JSON body without parsing it (as the bench's stub does). */
    static final class JsonScan {
        private JsonScan() {
        }

        static boolean isTrue(byte[] body, String quotedKey) {
            byte[] key = quotedKey.getBytes(StandardCharsets.US_ASCII);
            outer:
            for (int i = 0; i + key.length <= body.length; i++) {
                for (int k = 0; k < key.length; k++) {
                    if (body[i + k] != key[k]) {
                        continue outer;
                    }
                }
                int j = skipSpace(body, i + key.length);
                if (j < body.length && body[j] == ':') {
                    j = skipSpace(body, j + 1);
                    return j + 4 <= body.length && body[j] == 't' && body[j + 1] == 'r' && body[j + 2] == 'u'
                            && body[j + 3] == 'e';
                }
            }
            return false;
        }

        private static int skipSpace(byte[] b, int i) {
            while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
                i++;
            }
            return i;
        }
    }
}
