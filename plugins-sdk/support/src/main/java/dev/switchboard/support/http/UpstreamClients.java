package dev.switchboard.support.http;

import dev.switchboard.support.http.internal.ConnectWatch;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.http.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.HttpCookieStore;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the pooled upstream client exactly as the {@link UpstreamHttp} service does, so tests and
 * embedders outside OSGi get the same behaviour. The caller owns the returned client and must stop it.
 */
public final class UpstreamClients {

    private UpstreamClients() {
    }

    /** A started client configured from {@code settings}. */
    public static HttpClient startPooledClient(UpstreamHttpSettings settings) throws Exception {
        // Client mode verifies the server's host name against its certificate
        SslContextFactory.Client tls = new SslContextFactory.Client();
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(settings.selectors()), tls);
        QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), settings.minThreads(), 60_000);
        threads.setName("switchboard-upstream");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(settings.maxConnectionsPerDestination());
        client.setMaxRequestsQueuedPerDestination(settings.maxRequestsQueuedPerDestination());
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(settings.idleTimeout().toMillis());
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
        client.setCookieStore(new HttpCookieStore.Empty());
        // JsonPost finds the node's budget for answers held in memory on the client it is given
        client.addBean(new UpstreamBuffers(settings.maxBufferedBytes(), settings.maxResponseBytes(),
                settings.maxEventBytes()), false);
        client.start();
        // per-call connect deadlines, checked by one periodic sweep on the client's (now started) scheduler;
        // a started bean added to a started client is stopped with it, before the scheduler
        ConnectWatch.Sweep sweep = new ConnectWatch.Sweep(client.getScheduler());
        sweep.start();
        client.addBean(sweep, true);
        // Jetty registers redirect, 100-continue and authentication handlers at start; a provider maps every
        // status itself, so none of them may swallow or retry a response (401 above all)
        client.getProtocolHandlers().clear();
        return client;
    }
}
