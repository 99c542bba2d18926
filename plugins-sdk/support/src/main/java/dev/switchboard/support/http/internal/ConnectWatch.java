package dev.switchboard.support.http.internal;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A per-call bound on the wait for a connection. Jetty 9.4 only has a client-wide connect timeout, but one
 * shared client serves instances with different settings, and a call queued behind a saturated pool should
 * fail over rather than wait: the request is aborted unless it has begun sending by then.
 *
 * <p>A client made by {@code UpstreamClients.startPooledClient} carries a {@link Sweep}: a call is a set insert
 * (removed when the request begins or completes) and one task of the client's scheduler looks every
 * {@link Sweep#PERIOD_MILLIS} ms for calls past their connect deadline, as core's {@code DeadlineWatch} does for
 * whole calls. A timer task per call cost more under load than the wait it bounds (issue 15). The abort comes
 * up to one period late. A client without a sweep gets the timer task per call.
 */
public final class ConnectWatch {

    private ConnectWatch() {
    }

    public static void install(HttpClient client, Request request, Duration connectTimeout) {
        if (connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative()) {
            return;
        }
        Sweep sweep = client.getBean(Sweep.class);
        if (sweep != null && sweep.isRunning()) {
            sweep.watch(request, connectTimeout.toMillis());
        } else {
            schedule(client, request, connectTimeout.toMillis());
        }
    }

    private static void schedule(HttpClient client, Request request, long millis) {
        AtomicBoolean begun = new AtomicBoolean();
        Scheduler.Task task = client.getScheduler().schedule(() -> {
            if (!begun.get()) {
                request.abort(timedOut(millis));
            }
        }, millis, TimeUnit.MILLISECONDS);
        request.onRequestBegin(r -> {
            begun.set(true);
            task.cancel();
        });
        request.onComplete(result -> task.cancel());
    }

    private static ConnectException timedOut(long millis) {
        return new ConnectException("no connection within " + millis + " ms");
    }

    /** The calls of one client waiting for a connection, and the periodic check of their deadlines. */
    public static final class Sweep extends AbstractLifeCycle {

        static final long PERIOD_MILLIS = 50;

        private final Scheduler scheduler;
        private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

        /** Runs on {@code scheduler}, which must be started before this and stopped after it. */
        public Sweep(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        void watch(Request request, long millis) {
            Pending call = new Pending(request, millis, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
            pending.add(call);
            request.onRequestBegin(call);
            request.onComplete(result -> pending.remove(call));
        }

        /** Aborts every watched call past its deadline that has not begun sending. */
        void sweep(long nowNanos) {
            for (Pending call : pending) {
                if (nowNanos - call.deadlineNanos >= 0 && pending.remove(call)) {
                    call.request.abort(timedOut(call.millis));
                }
            }
        }

        int size() {
            return pending.size();
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            next();
        }

        private void next() {
            if (isRunning() || isStarting()) {
                scheduler.schedule(this::tick, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        private void tick() {
            try {
                sweep(System.nanoTime());
            } finally {
                next();
            }
        }

        @Override
        protected void doStop() throws Exception {
            pending.clear();
            super.doStop();
        }

        /** One call; its request's begin takes it out (identity equality: a set of distinct calls). */
        private final class Pending implements Request.BeginListener {
            final Request request;
            final long millis;
            final long deadlineNanos;

            Pending(Request request, long millis, long deadlineNanos) {
                this.request = request;
                this.millis = millis;
                this.deadlineNanos = deadlineNanos;
            }

            @Override
            public void onBegin(Request begun) {
                pending.remove(this);
            }
        }
    }
}
