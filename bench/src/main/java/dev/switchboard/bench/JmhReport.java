package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** JMH's JSON result as a Markdown table: time per operation and bytes allocated per operation. */
public final class JmhReport {

    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        StringBuilder b = new StringBuilder("# JMH: the in-process hot path\n\n");
        b.append(String.format("%s, commit `%s`. Machine: %s cores, %s, %s.%n%n", Machine.describe().get("date"),
                args.length > 2 ? args[2] : "unknown", Machine.describe().get("nproc"), Machine.describe().get("cpu"),
                Machine.describe().get("jdk")));
        b.append("| benchmark | ns/op | ± (99.9%) | B/op (`gc.alloc.rate.norm`) |\n|---|---:|---:|---:|\n");
        for (JsonNode r : results) {
            String name = r.path("benchmark").asText();
            name = name.substring(name.lastIndexOf('.') + 1);
            JsonNode primary = r.path("primaryMetric");
            JsonNode secondary = r.path("secondaryMetrics");
            // JMH names it "gc.alloc.rate.norm" (1.37) or "·gc.alloc.rate.norm" (older)
            JsonNode alloc = secondary.has("gc.alloc.rate.norm") ? secondary.path("gc.alloc.rate.norm")
                    : secondary.path("·gc.alloc.rate.norm");
            double error = primary.path("scoreError").asDouble(Double.NaN);
            b.append(String.format("| %s | %.0f | %s | %s |%n", name, primary.path("score").asDouble(),
                    Double.isNaN(error) ? "" : String.format("%.0f", error),
                    alloc.isMissingNode() ? "" : String.format("%.0f", alloc.path("score").asDouble())));
        }
        b.append("\n`hotPath` = read the client's body, pipeline (route, admit, call, account, metrics) with the openai "
                + "provider's mapping both ways over an in-process upstream, write the client's JSON. The other rows are "
                + "its parts; `streamChunk` is one streamed token (upstream SSE data -> chunk -> client SSE event); `cacheHit` is "
                + "`hotPath`'s bytes with temperature 0, answered from the L1 (memory) cache.\n");
        Files.writeString(Path.of(args[1]), b.toString());
        System.out.print(b);
    }
}
