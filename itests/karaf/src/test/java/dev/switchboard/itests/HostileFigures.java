package dev.switchboard.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The figures of the hostile-input suite, one row per attack class, as a Markdown table for
 * {@code docs/security.md}. Each test class keeps its rows in {@code target/hostile-figures/<class>.md}
 * (rewritten after every attack, so a rerun never mixes with an old run); after each write the parts are
 * put together into {@code target/hostile-figures.md}.
 */
final class HostileFigures {

    /** System property (set by failsafe, passed into the container): the combined file's path. */
    static final String FILE = "switchboard.it.hostile.figures";

    static final String HEADER = """
            | suite | attack class | requests | answers | worst | heap MB after GC (before -> after, max) | \
            threads (before -> peak -> after) | busy pool threads (before -> peak -> after) | \
            waiting on a client (peak) | seconds | verdict |
            |---|---|---|---|---|---|---|---|---|---|---|
            """;

    private static final List<String> ROWS = new ArrayList<>();

    private HostileFigures() {
    }

    record Row(String suite, String attackClass, int requests, String answers, int worst, ServerVitals before,
               ServerVitals after, int peakThreads, int peakBusy, int peakWaiting, long millis, String verdict) {

        String markdown() {
            return String.format(java.util.Locale.ROOT,
                    "| %s | %s | %d | %s | %s | %d -> %d (%d) | %d -> %d -> %d | %d -> %d -> %d | %d | %.1f | %s |",
                    suite, attackClass, requests, answers.isEmpty() ? "-" : answers, worst == 0 ? "-" : worst,
                    before.heapUsedMb(), after.heapUsedMb(), after.heapMaxMb(), before.serverThreads(), peakThreads,
                    after.serverThreads(), before.busyPoolThreads(), peakBusy, after.busyPoolThreads(), peakWaiting,
                    millis / 1000.0, verdict);
        }
    }

    /** Prints the row to the test log and rewrites this suite's part and the combined file. */
    static synchronized void add(Row row) {
        String line = row.markdown();
        System.out.println("[hostile-figures] " + line);
        ROWS.add(line);
        String file = System.getProperty(FILE);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path combined = Paths.get(file);
            Path parts = combined.resolveSibling("hostile-figures");
            Files.createDirectories(parts);
            Files.writeString(parts.resolve(row.suite() + ".md"), String.join("\n", ROWS) + "\n");
            StringBuilder text = new StringBuilder("# Hostile-input suite: figures of the last run\n\n")
                    .append("Heap after a full GC inside the container (-Xmx of the test run); server threads exclude ")
                    .append("the test's own; busy pool threads = Jetty's and the upstream client's pool threads not idle in their pool; ")
                    .append("\"waiting on a client\" = threads parked in Jetty's servlet input/output.\n\n")
                    .append(HEADER);
            try (Stream<Path> files = Files.list(parts)) {
                for (Path part : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    text.append(Files.readString(part, StandardCharsets.UTF_8));
                }
            }
            Files.writeString(combined, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the figures to " + file, e);
        }
    }
}
