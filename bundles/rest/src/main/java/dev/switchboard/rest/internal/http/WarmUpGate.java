package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.WarmUpCalls;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness waits for the start-up warm-up ({@link StartupWarmUp}): started once, the first time {@code /health}
 * finds core ready and the API served, on a thread of its own (never the health request's); finished (latched) when
 * it has sent its requests, hit its time cap, failed, or had nothing to do: warm-up off in the configuration, core's
 * {@link WarmUpCalls} absent, or no model of the mock provider (the warm-up never calls a real upstream). A failure
 * is logged once and readiness goes on: the warm-up can make ready later, never keep it from coming.
 */
final class WarmUpGate {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUpGate.class);
    static final String MOCK = "mock";

    /** Settings of {@code etc/dev.switchboard.rest.cfg}: {@code warmup.*}. */
    record Settings(int requests, long maxMillis, int connections) {
        static final Settings OFF = new Settings(0, 0, 1);

        boolean off() {
            return requests <= 0 || maxMillis <= 0;
        }
    }

    private final AtomicBoolean started = new AtomicBoolean();
    private final Function<StartupWarmUp.Plan, StartupWarmUp> runs;
    private final LongSupplier nanoClock;
    private volatile boolean finished;
    private volatile StartupWarmUp running;
    /** when a configured mock was first found not yet serving (0: not yet looked) */
    private volatile long waitingSince;

    WarmUpGate() {
        this(StartupWarmUp::new, System::nanoTime);
    }

    WarmUpGate(Function<StartupWarmUp.Plan, StartupWarmUp> runs) {
        this(runs, System::nanoTime);
    }

    WarmUpGate(Function<StartupWarmUp.Plan, StartupWarmUp> runs, LongSupplier nanoClock) {
        this.runs = runs;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether the warm-up is over; the first call starts it against the listener {@code localAddress:port} (over
     * loopback) and answers false while it runs. {@code mockExpected}: the mock provider is configured on, so a
     * missing mock model is one still starting (its bundle can come up after core is ready): waited for, at most
     * {@code warmup.max.ms}, before the warm-up is skipped.
     */
    boolean finished(Settings settings, Gateway gateway, WarmUpCalls calls, String localAddress, int port,
                     BooleanSupplier mockExpected) {
        if (finished) {
            return true;
        }
        if (started.get()) {
            return finished;
        }
        String model = settings.off() || calls == null || gateway == null ? null : mockModel(gateway);
        if (model == null && !settings.off() && calls != null && gateway != null && mockExpected.getAsBoolean()
                && stillWaitingForTheMock(settings.maxMillis())) {
            return false;
        }
        if (!started.compareAndSet(false, true)) {
            return finished;
        }
        if (model == null) {
            if (!settings.off()) {
                LOG.info("Start-up warm-up skipped: {}", calls == null ? "core offers no warm-up credential"
                        : "no model of the mock provider to warm up against (none configured, or it did not come up "
                        + "within warmup.max.ms)");
            }
            finished = true;
            return true;
        }
        Thread thread = new Thread(() -> warmUp(settings, calls, model, localAddress, port), "switchboard-warm-up");
        thread.setDaemon(true);
        thread.start();
        return false;
    }

    private boolean stillWaitingForTheMock(long maxMillis) {
        long now = nanoClock.getAsLong();
        if (waitingSince == 0) {
            waitingSince = now == 0 ? 1 : now;
        }
        return now - waitingSince < maxMillis * 1_000_000;
    }

    /** Ends a warm-up still running (the servlet is going away); readiness is then moot. */
    void stop() {
        StartupWarmUp run = running;
        if (run != null) {
            run.stop();
        }
    }

    private void warmUp(Settings settings, WarmUpCalls calls, String model, String localAddress, int port) {
        try {
            URI listener = loopback(localAddress, port);
            // core makes its relay route (an openai instance back to this listener) when it can
            WarmUpCalls.Opened opened = calls.open(listener, model);
            try {
                StartupWarmUp run = runs.apply(new StartupWarmUp.Plan(listener, opened.key(), model,
                        opened.relayModel(), settings.requests(), settings.maxMillis(), settings.connections()));
                running = run;
                StartupWarmUp.Result result = run.run();
                int mockSent = result.sent() - result.relaySent();
                int mockFailed = result.failed() - result.relayFailed();
                String relay = relayReport(opened.relayModel(), result);
                if (mockFailed > 0) {
                    LOG.warn("Start-up warm-up: {} of {} requests to '{}' failed in {} ms (first: {}); {}; ready anyway",
                            mockFailed, mockSent, model, result.millis(), result.firstFailure(), relay);
                } else {
                    LOG.info("Start-up warm-up: {} requests to '{}' in {} ms; {}", mockSent, model, result.millis(),
                            relay);
                }
            } finally {
                calls.close();
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("Start-up warm-up failed ({}); ready anyway", e.toString());
        } finally {
            running = null;
            finished = true;
        }
    }

    /** The relay's part of the warm-up's log line: its requests and failures apart from the mock's. */
    static String relayReport(String relayModel, StartupWarmUp.Result result) {
        if (relayModel == null) {
            return "no relay (no openai provider)";
        }
        return result.relaySent() + " requests through the relay '" + relayModel + "', " + result.relayFailed()
                + " failed" + (result.relayFailed() > 0 ? " (first failure: " + result.firstFailure() + ")" : "");
    }

    /** The first model a mock instance serves (core's warm-up pipeline reaches only the mock's routes anyway). */
    static String mockModel(Gateway gateway) {
        for (ModelListing listing : gateway.models()) {
            if (listing.providerTypes().contains(MOCK)) {
                return listing.model().id();
            }
        }
        return null;
    }

    /** The listener over loopback: its own address when that is one, else 127.0.0.1 on its port. */
    static URI loopback(String localAddress, int port) {
        String host = "127.0.0.1";
        try {
            // an address literal: no name lookup
            if (localAddress != null && InetAddress.getByName(localAddress).isLoopbackAddress()) {
                host = localAddress.contains(":") ? "[" + localAddress + "]" : localAddress;
            }
        } catch (UnknownHostException | RuntimeException e) {
            // not a literal: 127.0.0.1
        }
        return URI.create("http://" + host + ":" + port);
    }
}
