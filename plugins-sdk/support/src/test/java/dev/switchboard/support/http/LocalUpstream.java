package dev.switchboard.support.http;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;

/** A Jetty server on 127.0.0.1 and an ephemeral port whose answer each test scripts. */
final class LocalUpstream implements AutoCloseable {

    interface Answer {
        void handle(Request base, HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Answer answer = (base, request, response) -> response.setStatus(204);

    LocalUpstream() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addBean(new Connection.Listener.Adapter() {
            @Override
            public void onOpened(Connection connection) {
                connectionsOpened.incrementAndGet();
            }
        });
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                requests.incrementAndGet();
                base.setHandled(true);
                try {
                    answer.handle(base, request, response);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        });
        server.start();
    }

    void answer(Answer next) {
        this.answer = next;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + path);
    }

    int connectionsOpened() {
        return connectionsOpened.get();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
