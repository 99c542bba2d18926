package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of the gateway and ranks where CPU samples and allocations land: by top frame (self),
 * by method anywhere on the stack (total), by the innermost Switchboard frame (which of our code paid for it),
 * and by thread pool. {@code JfrHotspots <file.jfr>} prints the Markdown report.
 */
public final class JfrHotspots {

    private static final int TOP = 25;

    private JfrHotspots() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(report(Path.of(args[0]), args.length > 1 ? args[1] : args[0]));
    }

    static String report(Path jfr, String title) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> allocSite = new HashMap<>();
        Map<String, Long> allocOurs = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        Map<String, Long> monitors = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = st.getFrames();
                    self.merge(name(frames.get(0)), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame f : frames) {
                        String n = name(f);
                        if (seen.add(n)) {
                            total.merge(n, 1L, Long::sum);
                        }
                    }
                    ours.merge(innermostOurs(frames), 1L, Long::sum);
                    RecordedThread t = e.getThread("sampledThread");
                    threads.merge(pool(t == null ? "?" : t.getJavaName()), 1L, Long::sum);
                }
                case "jdk.ObjectAllocationSample" -> {
                    long w = e.getLong("weight");
                    allocated += w;
                    RecordedStackTrace st = e.getStackTrace();
                    if (st != null && !st.getFrames().isEmpty()) {
                        allocSite.merge(name(st.getFrames().get(0)), w, Long::sum);
                        allocOurs.merge(innermostOurs(st.getFrames()), w, Long::sum);
                    }
                    allocClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                }
                case "jdk.JavaMonitorEnter" -> monitors.merge(e.getClass("monitorClass").getName(),
                        e.getDuration().toNanos(), Long::sum);
                default -> {
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("# Gateway profile: ").append(title).append("\n\n");
        b.append(String.format("JFR `settings=profile`; %d CPU samples, %.1f MB allocation sampled (weight).%n%n",
                samples, allocated / 1048576.0));
        table(b, "CPU by thread pool", "thread", threads, samples, "samples");
        table(b, "CPU by innermost Switchboard frame (our code that led to the work)", "frame", ours, samples,
                "samples");
        table(b, "CPU self (top frame)", "method", self, samples, "samples");
        table(b, "CPU total (method anywhere on the stack)", "method", total, samples, "samples");
        table(b, "Allocation by innermost Switchboard frame", "frame", allocOurs, allocated, "bytes");
        table(b, "Allocation by top frame", "method", allocSite, allocated, "bytes");
        table(b, "Allocation by class", "class", allocClass, allocated, "bytes");
        if (!monitors.isEmpty()) {
            table(b, "Contended monitors (total blocked time, ns)", "class", monitors,
                    monitors.values().stream().mapToLong(Long::longValue).sum(), "ns");
        }
        return b.toString();
    }

    private static void table(StringBuilder b, String title, String what, Map<String, Long> counts, long all,
            String unit) {
        b.append("## ").append(title).append("\n\n| ").append(what).append(" | ").append(unit)
                .append(" | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP).forEach(en -> b.append(String.format("| `%s` | %d | %.1f%% |%n", en.getKey(),
                        en.getValue(), all == 0 ? 0 : 100.0 * en.getValue() / all)));
        b.append('\n');
    }

    private static String innermostOurs(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("dev.switchboard.")) {
                return n;
            }
        }
        return "(no Switchboard frame)";
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** "qtp123-45" -> "qtp", "hz.switchboard.cached.thread-3" -> "hz.switchboard.cached.thread" */
    private static String pool(String thread) {
        return thread.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+-?$", "");
    }
}
