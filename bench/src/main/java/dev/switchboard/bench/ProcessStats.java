package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What Linux and the JDK tell about a running JVM: CPU time, resident memory, heap after a full GC. */
final class ProcessStats {

    /** USER_HZ on every Linux this runs on */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** user + system CPU time of the process (all threads) in nanoseconds */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 3, utime 14, stime 15
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * From /proc/stat: {busy, steal} CPU time of all cores since boot in nanoseconds. Busy is user, nice, system,
     * irq and softirq; steal is time the hypervisor ran someone else while this machine wanted the CPU.
     */
    static long[] machineNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]);
            long steal = Long.parseLong(f[8]);
            long tick = 1_000_000_000L / TICKS_PER_SECOND;
            return new long[] {busy * tick, steal * tick};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** user + system CPU time of every process on the machine except {@code excluded}, in nanoseconds */
    static long cpuNanosOfOthers(java.util.Set<Long> excluded) {
        long sum = 0;
        try (java.util.stream.Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
                    long pid = Long.parseLong(name);
                    if (!excluded.contains(pid)) {
                        sum += Math.max(0, cpuNanos(pid));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    static long cpuNanosOfSelf() {
        return cpuNanos(ProcessHandle.current().pid());
    }

    /** resident set size in bytes, -1 if unknown */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return -1;
    }

    record Heap(long usedBytes, long committedBytes, long metaspaceUsedBytes) {
    }

    /** {@code jcmd GC.run} (a full collection) then {@code GC.heap_info}: the live heap. */
    static Optional<Heap> heapAfterFullGc(long pid) {
        try {
            jcmd(pid, "GC.run");
            List<String> lines = jcmd(pid, "GC.heap_info");
            long used = -1;
            long committed = -1;
            long meta = -1;
            for (String line : lines) {
                String t = line.trim();
                if (used < 0 && t.contains("total") && t.contains("used") && t.contains("heap")) {
                    committed = kib(t, "total") * 1024;
                    used = kib(t, "used") * 1024;
                } else if (t.startsWith("Metaspace")) {
                    meta = kib(t, "used") * 1024;
                }
            }
            return used < 0 ? Optional.empty() : Optional.of(new Heap(used, committed, meta));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static List<String> jcmd(long pid, String... command) throws IOException {
        String[] cmd = new String[command.length + 2];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        cmd[1] = Long.toString(pid);
        System.arraycopy(command, 0, cmd, 2, command.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            List<String> out = new String(p.getInputStream().readAllBytes()).lines().toList();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd timed out");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** "used 45678K" -> 45678 */
    private static long kib(String line, String word) {
        int i = line.indexOf(word);
        if (i < 0) {
            return -1;
        }
        int s = i + word.length();
        while (s < line.length() && !Character.isDigit(line.charAt(s))) {
            s++;
        }
        int e = s;
        while (e < line.length() && Character.isDigit(line.charAt(e))) {
            e++;
        }
        long v = Long.parseLong(line.substring(s, e));
        char unit = e < line.length() ? line.charAt(e) : 'K';
        return switch (unit) {
            case 'M' -> v * 1024;
            case 'G' -> v * 1024 * 1024;
            case 'B' -> v / 1024;
            default -> v;
        };
    }
}
