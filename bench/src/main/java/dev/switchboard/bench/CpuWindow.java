package dev.switchboard.bench;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time of the gateway, the stub and this driver at the start and the end of a measurement
 * window (after the warm-up), from /proc: what each costs while the numbers are being recorded.
 */
final class CpuWindow implements AutoCloseable {

    record Cpu(long gatewayNanos, long stubNanos, long driverNanos, long machineNanos, long stealNanos,
            long othersNanos, long wallNanos) {
        /** CPU of every other process (builds, tests of others sharing the machine) */
        double otherProcessesPercent() {
            return percent(othersNanos);
        }

        /** CPU the hypervisor gave to other guests while this machine wanted it: high = numbers not trustworthy */
        double stealPercent() {
            return percent(stealNanos);
        }

        /** busy CPU of everything else on the machine (other builds, the kernel's share not charged to us) */
        double otherPercent() {
            return percent(machineNanos - Math.max(0, gatewayNanos) - stubNanos - driverNanos);
        }

        double gatewayPercent() {
            return percent(gatewayNanos);
        }

        double stubPercent() {
            return percent(stubNanos);
        }

        double driverPercent() {
            return percent(driverNanos);
        }

        private double percent(long nanos) {
            return nanos < 0 ? -1 : 100.0 * nanos / wallNanos;
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpu-window");
        t.setDaemon(true);
        return t;
    });
    private final java.util.function.LongSupplier middleCpu;
    private final long stubPid;
    private final java.util.Set<Long> measured;
    private volatile long[] start;
    private volatile long[] end;

    CpuWindow(long gatewayPid, long stubPid, double warmupSeconds, double measureSeconds) {
        this(gatewayPid > 0 ? () -> ProcessStats.cpuNanos(gatewayPid) : null, stubPid,
                java.util.Set.of(gatewayPid, stubPid, ProcessHandle.current().pid()), warmupSeconds, measureSeconds);
    }

    /**
     * {@code middleCpu}: CPU of what sits between the driver and the upstream (the gateway, or nginx's master and
     * workers), null when the row calls the upstream directly; {@code measured}: the pids not counted as others.
     */
    CpuWindow(java.util.function.LongSupplier middleCpu, long stubPid, java.util.Set<Long> measured,
            double warmupSeconds, double measureSeconds) {
        this.middleCpu = middleCpu;
        this.stubPid = stubPid;
        this.measured = measured;
        timer.schedule(() -> start = sample(), (long) (warmupSeconds * 1000), TimeUnit.MILLISECONDS);
        timer.schedule(() -> end = sample(), (long) ((warmupSeconds + measureSeconds) * 1000),
                TimeUnit.MILLISECONDS);
    }

    private long[] sample() {
        return new long[] {
                middleCpu != null ? middleCpu.getAsLong() : -1,
                ProcessStats.cpuNanos(stubPid),
                ProcessStats.cpuNanosOfSelf(),
                ProcessStats.machineNanos()[0],
                ProcessStats.machineNanos()[1],
                ProcessStats.cpuNanosOfOthers(measured),
                System.nanoTime()};
    }

    /** null if the window did not complete */
    Cpu result() throws InterruptedException {
        for (int i = 0; i < 400 && end == null; i++) {
            Thread.sleep(5);
        }
        long[] s = start;
        long[] e = end;
        if (s == null || e == null) {
            return null;
        }
        return new Cpu(s[0] < 0 ? -1 : e[0] - s[0], e[1] - s[1], e[2] - s[2], e[3] - s[3], e[4] - s[4], e[5] - s[5], e[6] - s[6]);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
