package dev.switchboard.support.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ConnectWatchTest {

    private HttpClient client;
    private ConnectWatch.Sweep sweep;

    @Before
    public void start() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        sweep = client.getBean(ConnectWatch.Sweep.class);
    }

    @After
    public void stop() throws Exception {
        client.stop();
    }

    @Test
    public void aPooledClientWatchesCallsInOneSweepRatherThanATimerTaskEach() {
        assertThat(sweep).isNotNull();
        assertThat(sweep.isRunning()).isTrue();
        for (int i = 0; i < 3; i++) {
            ConnectWatch.install(client, client.newRequest("http://127.0.0.1:1/"), Duration.ofSeconds(5));
        }
        assertThat(sweep.size()).isEqualTo(3);
    }

    @Test
    public void theSweepAbortsACallPastItsConnectDeadlineAndLeavesTheOthers() {
        Request late = client.newRequest("http://127.0.0.1:1/late");
        Request early = client.newRequest("http://127.0.0.1:1/early");
        ConnectWatch.install(client, late, Duration.ofMillis(200));
        ConnectWatch.install(client, early, Duration.ofSeconds(60));

        sweep.sweep(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));

        assertThat(late.getAbortCause()).isInstanceOf(ConnectException.class)
                .hasMessage("no connection within 200 ms");
        assertThat(early.getAbortCause()).isNull();
        assertThat(sweep.size()).isEqualTo(1);
    }

    @Test
    public void aCompletedCallLeavesTheSweep() throws Exception {
        Request refused = client.newRequest("http://127.0.0.1:1/");
        ConnectWatch.install(client, refused, Duration.ofSeconds(60));
        CountDownLatch done = new CountDownLatch(1);
        refused.send(result -> done.countDown());
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        // the watch's own completion listener may run just after the one above: a bounded wait
        for (int i = 0; i < 100 && sweep.size() > 0; i++) {
            Thread.sleep(20);
        }
        assertThat(sweep.size()).isZero();
    }

    @Test
    public void stoppingTheClientStopsTheSweep() throws Exception {
        client.stop();
        assertThat(sweep.isStopped()).isTrue();
    }
}
