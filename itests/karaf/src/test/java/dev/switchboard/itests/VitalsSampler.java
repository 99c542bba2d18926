package dev.switchboard.itests;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples {@link ServerVitals} every 250 ms while an attack runs and keeps the peaks: a thread pinned only
 * for the attack's duration is gone by the time the attack ends, so only a peak shows it.
 */
final class VitalsSampler implements AutoCloseable {

    private final AtomicInteger peakThreads = new AtomicInteger();
    private final AtomicInteger peakWaiting = new AtomicInteger();
    private final AtomicInteger peakBusy = new AtomicInteger(-1);
    private volatile String busiest = "";
    private volatile ServerVitals settled;
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    VitalsSampler() {
        record(ServerVitals.now());
        thread = new Thread(this::run, "hostile-vitals");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            record(ServerVitals.now());
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Also callable by an attack at the moment it knows is worst (all its clients connected and stuck). */
    synchronized void record(ServerVitals vitals) {
        if (vitals.busyPoolThreads() > peakBusy.get()) {
            peakBusy.set(vitals.busyPoolThreads());
            busiest = vitals.busyTops();
        }
        peakThreads.accumulateAndGet(vitals.serverThreads(), Math::max);
        peakWaiting.accumulateAndGet(vitals.waitingOnClient(), Math::max);
        peakHeap.accumulateAndGet(vitals.heapUsedBytes(), Math::max);
    }

    int peakThreads() {
        return peakThreads.get();
    }

    /** An attack's own sample at its settled worst moment (every slow client connected for a while), if any. */
    synchronized void recordSettled(ServerVitals vitals) {
        record(vitals);
        if (settled == null || vitals.busyPoolThreads() > settled.busyPoolThreads()) {
            settled = vitals;
        }
    }

    ServerVitals settled() {
        return settled;
    }

    int peakBusyPoolThreads() {
        return peakBusy.get();
    }

    /** Where the busy pool threads were at the busiest sample: {@code count x STATE < frames}. */
    String busiest() {
        return busiest;
    }

    int peakWaitingOnClient() {
        return peakWaiting.get();
    }

    long peakHeapMb() {
        return peakHeap.get() / (1024 * 1024);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
