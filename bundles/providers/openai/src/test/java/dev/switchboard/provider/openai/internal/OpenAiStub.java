package dev.switchboard.provider.openai.internal;

import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

/**
 * A local server on 127.0.0.1 that speaks OpenAI's Chat Completions wire format from fixtures and records
 * what it was sent.
 */
final class OpenAiStub implements AutoCloseable {

    interface Answer {
        void handle(Request base, HttpServletResponse response) throws Exception;
    }

    record Received(String method, String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Answer answer = json(200, "chat-completion.json");

    OpenAiStub() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : Collections.list(request.getHeaderNames())) {
                    headers.put(name.toLowerCase(), request.getHeader(name));
                }
                received.add(new Received(request.getMethod(), request.getRequestURI(), headers,
                        new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8)));
                try {
                    answer.handle(base, response);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort() + "/v1";
    }

    void answer(Answer next) {
        answer = next;
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    int requests() {
        return received.size();
    }

    /** A JSON answer from a fixture, with header name/value pairs. */
    static Answer json(int status, String fixture, String... headers) {
        return (base, response) -> {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setHeader("x-request-id", "req_stub");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                response.setHeader(headers[i], headers[i + 1]);
            }
            response.getOutputStream().write(WireSamples.bytes(fixture));
        };
    }

    /** An event stream from a fixture, flushing after every event as OpenAI does. */
    static Answer sse(String fixture) {
        return (base, response) -> {
            OutputStream out = startStream(response);
            for (String data : WireSamples.events(fixture)) {
                writeEvent(out, data);
            }
        };
    }

    /** An event stream from a fixture written as it is (event names included), one event per flush. */
    static Answer sseAsWritten(String fixture) {
        return (base, response) -> {
            OutputStream out = startStream(response);
            for (String event : new String(WireSamples.bytes(fixture), StandardCharsets.UTF_8).split("\n\n")) {
                if (!event.isBlank()) {
                    out.write((event + "\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        };
    }

    static OutputStream startStream(HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/event-stream; charset=utf-8");
        response.setHeader("x-request-id", "req_stub");
        OutputStream out = response.getOutputStream();
        out.flush();
        return out;
    }

    static void writeEvent(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
