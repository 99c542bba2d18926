package dev.switchboard.bench;

import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import javax.servlet.AsyncContext;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty 9.4 stack probe: the smallest pass-through proxy that does what the gateway's two HTTP legs do, on the
 * stack the distribution ships, minus the pipeline. Server side as Pax Web 8 builds it (a {@link QueuedThreadPool} of
 * 200 max / 8 min / 60 s idle, a {@code ServerConnector} with Jetty's default acceptors and selectors, 30 s idle as in
 * {@code etc/org.ops4j.pax.web.cfg}, a servlet in a servlet context); an async servlet that reads the body with a
 * {@link ReadListener} and writes with a {@link WriteListener}, as {@code bundles/rest} does; the upstream call through
 * the gateway's own client ({@link UpstreamClients#startPooledClient} with the shipped defaults: its own pool).
 * A non-streaming answer is collected and written once with {@code Content-Length}; a stream ({@code "stream":true})
 * is passed through chunk by chunk, each written and flushed before the client is asked for the next.
 *
 * <p>Run: {@code JettyNineProxy --upstream-port N [--port 0]}; prints {@code listening <port>}, ends when its stdin
 * closes. {@code bench/jetty12-probe}'s {@code JettyTwelveProxy} is the same on Jetty 12.1.
 */
public final class JettyNineProxy {

    private final Server server;
    private final ServerConnector connector;
    private final int upstreamPort;
    private HttpClient client;

    public JettyNineProxy(int port, int upstreamPort) {
        this.upstreamPort = upstreamPort;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8, 60_000);
        threads.setName("probe9");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        connector = new ServerConnector(server, null, null, null, -1, -1, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(new Forward());
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
    }

    public int start() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        server.start();
        return connector.getLocalPort();
    }

    public void stop() throws Exception {
        server.stop();
        client.stop();
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        int upstream = a.integer("--upstream-port", -1);
        if (upstream <= 0) {
            throw new IllegalArgumentException("--upstream-port is required");
        }
        JettyNineProxy proxy = new JettyNineProxy(a.integer("--port", 0), upstream);
        System.out.println("listening " + proxy.start());
        System.out.flush();
        // the parent ends us (destroy) or closes our stdin when it is done
        while (System.in.read() >= 0) {
            // ignore input
        }
        proxy.stop();
        System.exit(0);
    }

    private final class Forward extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            Exchange exchange = new Exchange(async, response, request.getRequestURI(), request.getContentLength());
            response.getOutputStream().setWriteListener(exchange);
            request.getInputStream().setReadListener(exchange);
        }
    }

    /** What is still to be written: bytes, then a flush (stream chunks), then the client's callback. */
    private static final class Pending {
        final byte[] bytes;
        final boolean flush;
        final boolean end;
        final Callback done;
        boolean written;
        boolean flushed;

        Pending(byte[] bytes, boolean flush, boolean end, Callback done) {
            this.bytes = bytes;
            this.flush = flush;
            this.end = end;
            this.done = done;
        }
    }

    /** One proxied request: body in, upstream call, answer out, all without blocking a thread. */
    private final class Exchange extends Response.Listener.Adapter implements ReadListener, WriteListener {
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final String path;
        private final ServletInputStream in;
        private final ServletOutputStream out;
        private final ArrayDeque<Pending> pending = new ArrayDeque<>();
        private byte[] body;
        private int length;
        private boolean stream;
        private boolean headersSet;
        private int status = 502;
        private String contentType;
        private byte[] whole = new byte[0];
        private int wholeLength;

        Exchange(AsyncContext async, HttpServletResponse response, String path, int contentLength) throws IOException {
            this.async = async;
            this.response = response;
            this.path = path;
            this.in = async.getRequest().getInputStream();
            this.out = response.getOutputStream();
            this.body = new byte[contentLength >= 0 ? contentLength + 1 : 4096];
        }

        // ---- the request body

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady()) {
                if (length == body.length) {
                    body = Arrays.copyOf(body, body.length * 2);
                }
                int n = in.read(body, length, body.length - length);
                if (n < 0) {
                    return;
                }
                length += n;
            }
        }

        @Override
        public void onAllDataRead() {
            byte[] json = Arrays.copyOf(body, length);
            stream = UpstreamStub.JsonScan.isTrue(json, "\"stream\"");
            client.newRequest("127.0.0.1", upstreamPort).method(HttpMethod.POST).path(path)
                    .content(new BytesContentProvider("application/json", json)).send(this);
        }

        // ---- the upstream's answer (on the client's threads)

        @Override
        public void onHeaders(Response upstream) {
            synchronized (this) {
                status = upstream.getStatus();
                contentType = upstream.getHeaders().get(HttpHeader.CONTENT_TYPE);
                long declared = upstream.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH.asString());
                if (!stream && declared > 0) {
                    whole = new byte[(int) declared];
                }
            }
        }

        @Override
        public void onContent(Response upstream, ByteBuffer content, Callback callback) {
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            if (stream) {
                synchronized (this) {
                    pending.add(new Pending(bytes, true, false, callback));
                }
                drain();
                return;
            }
            synchronized (this) {
                if (wholeLength + bytes.length > whole.length) {
                    whole = Arrays.copyOf(whole, Math.max(whole.length * 2, wholeLength + bytes.length));
                }
                System.arraycopy(bytes, 0, whole, wholeLength, bytes.length);
                wholeLength += bytes.length;
            }
            callback.succeeded();
        }

        @Override
        public void onComplete(Result result) {
            synchronized (this) {
                if (result.isFailed()) {
                    status = 502;
                    if (stream && headersSet) {
                        pending.add(new Pending(new byte[0], false, true, null));
                    } else {
                        stream = false;
                        wholeLength = 0;
                        pending.add(new Pending(new byte[0], false, true, null));
                    }
                } else {
                    pending.add(new Pending(stream ? new byte[0] : Arrays.copyOf(whole, wholeLength), false, true,
                            null));
                }
            }
            drain();
        }

        // ---- the answer to our client (non-blocking writes)

        @Override
        public void onWritePossible() {
            drain();
        }

        private void drain() {
            while (true) {
                Pending done;
                try {
                    synchronized (this) {
                        done = step();
                    }
                } catch (IOException | RuntimeException e) {
                    onError(e);
                    return;
                }
                if (done == null) {
                    return;
                }
                // outside the lock: the client may deliver the next chunk on this very thread
                if (done.done != null) {
                    done.done.succeeded();
                }
                if (done.end) {
                    async.complete();
                    return;
                }
            }
        }

        /** Writes what it can; returns an item that is fully written, or null when nothing more can be done now. */
        private Pending step() throws IOException {
            while (true) {
                Pending p = pending.peek();
                if (p == null || !out.isReady()) {
                    return null;
                }
                if (!p.written) {
                    if (!headersSet) {
                        headersSet = true;
                        response.setStatus(status);
                        response.setContentType(contentType != null ? contentType
                                : stream ? "text/event-stream" : "application/json");
                        if (stream) {
                            response.setHeader("Cache-Control", "no-cache");
                        } else {
                            response.setContentLength(p.bytes.length);
                        }
                    }
                    p.written = true;
                    if (p.bytes.length > 0) {
                        out.write(p.bytes);
                    }
                    continue;
                }
                if (p.flush && !p.flushed) {
                    p.flushed = true;
                    out.flush();
                    continue;
                }
                return pending.poll();
            }
        }

        @Override
        public void onError(Throwable failure) {
            Pending[] left;
            synchronized (this) {
                left = pending.toArray(new Pending[0]);
                pending.clear();
            }
            for (Pending p : left) {
                if (p.done != null) {
                    p.done.failed(failure);
                }
            }
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed
            }
        }
    }
}
