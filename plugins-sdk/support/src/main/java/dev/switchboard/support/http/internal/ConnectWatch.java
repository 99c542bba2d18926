package dev.switchboard.support.http.internal;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A per-call bound on the wait for a connection. Jetty 9.4 only has a client-wide connect timeout, but one
 * shared client serves instances with different settings, and a call queued behind a saturated pool should
 * fail over rather than wait: the request is aborted unless it has begun sending by then.
 */
public final class ConnectWatch {

    private ConnectWatch() {
    }

    public static void install(HttpClient client, Request request, Duration connectTimeout) {
        if (connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative()) {
            return;
        }
        AtomicBoolean begun = new AtomicBoolean();
        long millis = connectTimeout.toMillis();
        Scheduler.Task task = client.getScheduler().schedule(() -> {
            if (!begun.get()) {
                request.abort(new ConnectException("no connection within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
        request.onRequestBegin(r -> {
            begun.set(true);
            task.cancel();
        });
        request.onComplete(result -> task.cancel());
    }
}
