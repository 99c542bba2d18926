package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Ranks where a profile of the gateway spends CPU: by layer of the leaf frame (kernel, JVM, Jetty, Hazelcast,
 * Jackson, JDK, Switchboard), by the innermost Switchboard frame (which of our code led to the work, including
 * what it called), by leaf method (self) and by Switchboard method anywhere on the stack (total).
 * Reads async-profiler's collapsed stacks ({@code *.collapsed}) or a JFR recording (execution samples).
 * {@code ProfileReport <file> [title]} prints the Markdown.
 */
public final class ProfileReport {

    private static final int TOP = 30;

    /** one stack, leaf first, with how many samples it stands for */
    private record Sample(List<String> frames, long weight) {
    }

    private ProfileReport() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println(report(Path.of(args[0]), args.length > 1 ? args[1] : args[0].toString()));
    }

    static String report(Path profile, String title) throws IOException {
        List<Sample> samples = new ArrayList<>();
        String source;
        if (profile.toString().endsWith(".jfr")) {
            readJfr(profile, samples::add);
            source = "JFR execution samples (Java frames only)";
        } else {
            readCollapsed(profile, samples::add);
            source = "async-profiler, CPU (perf events: Java, JVM and kernel frames)";
        }
        long all = samples.stream().mapToLong(Sample::weight).sum();
        Map<String, Long> layers = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> oursTotal = new HashMap<>();
        Map<String, Long> threadsOf = new HashMap<>();
        for (Sample s : samples) {
            String leaf = s.frames().get(0);
            layers.merge(layer(leaf), s.weight(), Long::sum);
            self.merge(leaf, s.weight(), Long::sum);
            ours.merge(innermostOurs(s.frames()), s.weight(), Long::sum);
            threadsOf.merge(activity(s.frames()), s.weight(), Long::sum);
            Set<String> seen = new HashSet<>();
            for (String f : s.frames()) {
                if (f.startsWith("dev.switchboard.") && seen.add(f)) {
                    oursTotal.merge(f, s.weight(), Long::sum);
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("# Gateway profile: ").append(title).append("\n\n");
        b.append(source).append("; ").append(all).append(" samples.\n\n");
        table(b, "By activity (what the stack is doing)", "activity", threadsOf, all);
        table(b, "By layer of the leaf frame", "layer", layers, all);
        table(b, "By innermost Switchboard frame (our code and everything it called)", "frame", ours, all);
        table(b, "Switchboard methods anywhere on the stack (total)", "method", oursTotal, all);
        table(b, "Leaf frames (self)", "frame", self, all);
        return b.toString();
    }

    private static void readCollapsed(Path file, Consumer<Sample> out) throws IOException {
        for (String line : Files.readAllLines(file)) {
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            long weight = Long.parseLong(line.substring(space + 1).trim());
            List<String> frames = new ArrayList<>();
            for (String f : line.substring(0, space).split(";")) {
                frames.add(f.replace('/', '.'));
            }
            Collections.reverse(frames);
            out.accept(new Sample(frames, weight));
        }
    }

    private static void readJfr(Path file, Consumer<Sample> out) throws IOException {
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName())) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (RecordedFrame f : st.getFrames()) {
                frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            out.accept(new Sample(frames, 1));
        }
    }

    private static String layer(String leaf) {
        if (leaf.endsWith("_[k]") || leaf.startsWith("entry_") || leaf.startsWith("__") || leaf.startsWith("tcp_")
                || leaf.startsWith("do_") || leaf.startsWith("sys_") || leaf.startsWith("[k]")) {
            return "kernel";
        }
        if (leaf.startsWith("dev.switchboard.")) {
            return "Switchboard";
        }
        if (leaf.startsWith("org.eclipse.jetty.")) {
            return "Jetty";
        }
        if (leaf.startsWith("com.hazelcast.")) {
            return "Hazelcast";
        }
        if (leaf.startsWith("com.fasterxml.jackson.")) {
            return "Jackson";
        }
        if (leaf.startsWith("com.codahale.metrics.")) {
            return "Dropwizard Metrics";
        }
        if (leaf.startsWith("java.") || leaf.startsWith("jdk.") || leaf.startsWith("sun.")) {
            return "JDK";
        }
        if (leaf.contains(".")) {
            return "other Java (" + leaf.substring(0, leaf.indexOf('.', leaf.indexOf('.') + 1) + 1) + ")";
        }
        return "JVM / native (GC, JIT, libc, ...)";
    }

    /** coarse: which part of the request's life the stack belongs to, judged by well-known frames */
    private static String activity(List<String> frames) {
        boolean server = false;
        boolean client = false;
        boolean hazelcast = false;
        boolean gc = false;
        for (String f : frames) {
            if (f.contains("CompileBroker") || f.startsWith("C2Compiler") || f.startsWith("Compilation::")) {
                return "JIT compilation";
            }
            if (f.startsWith("VMThread")) {
                return "JVM VM thread (safepoints)";
            }
            if (f.startsWith("org.eclipse.jetty.server.")) {
                server = true;
            } else if (f.startsWith("org.eclipse.jetty.client.")) {
                client = true;
            } else if (f.startsWith("com.hazelcast.")) {
                hazelcast = true;
            } else if (f.contains("G1") || f.contains("GCTask") || f.contains("ConcurrentGCThread")
                    || f.startsWith("WorkerThread") || f.contains("GangWorker")) {
                gc = true;
            }
        }
        if (client) {
            return "upstream client (Jetty HttpClient: send, receive, and what completes on its thread)";
        }
        if (server) {
            return "gateway server (Jetty: parse, servlet, write)";
        }
        if (hazelcast) {
            return "Hazelcast threads";
        }
        if (gc) {
            return "garbage collection";
        }
        String root = frames.get(frames.size() - 1);
        if (root.contains("Selector") || frames.stream().anyMatch(f -> f.contains("ManagedSelector"))) {
            return "Jetty selectors";
        }
        return "other (" + root + ")";
    }

    private static String innermostOurs(List<String> frames) {
        for (String f : frames) {
            if (f.startsWith("dev.switchboard.")) {
                return f;
            }
        }
        return "(no Switchboard frame)";
    }

    private static void table(StringBuilder b, String title, String what, Map<String, Long> counts, long all) {
        b.append("## ").append(title).append("\n\n| ").append(what).append(" | samples | share |\n|---|---:|---:|\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP).forEach(en -> b.append(String.format("| `%s` | %d | %.1f%% |%n",
                        en.getKey().replace("|", "\\|"), en.getValue(), all == 0 ? 0 : 100.0 * en.getValue() / all)));
        b.append('\n');
    }
}
