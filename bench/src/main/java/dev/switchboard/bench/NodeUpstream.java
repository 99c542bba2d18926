package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Node.js OpenAI mock ({@code bench/node/upstream-mock.js}) as a second upstream beside the Jetty stub: a
 * realistic, slower server (a JavaScript handler, JSON parsed and written per request, one event loop). It ends
 * when its stdin closes, so it does not outlive the bench even if the bench is killed.
 */
final class NodeUpstream implements AutoCloseable {

    private final BenchProcess process;

    private NodeUpstream(BenchProcess process) {
        this.process = process;
    }

    int port() {
        return process.port();
    }

    long pid() {
        return process.pid();
    }

    static NodeUpstream start(String node, Path script, int chunks, double gapMillis, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(node, script.toString(), "--port", "0", "--chunks",
                Integer.toString(chunks), "--gap-ms", Double.toString(gapMillis)).redirectError(log.toFile());
        return new NodeUpstream(BenchProcess.startAnnounced(builder, "node upstream", log));
    }

    @Override
    public void close() {
        process.close();
    }
}
