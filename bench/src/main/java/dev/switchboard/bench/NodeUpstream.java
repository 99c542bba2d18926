package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Node.js OpenAI mock ({@code bench/node/upstream-mock.js}) as a second upstream beside the Jetty stub: a
 * realistic, slower server (a JavaScript handler, JSON parsed and written per request, one event loop). It ends
 * when its stdin closes, so it does not outlive the bench even if the bench is killed.
 */
final class NodeUpstream implements AutoCloseable {

    private final Process process;
    private final int port;

    private NodeUpstream(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    static NodeUpstream start(String node, Path script, int chunks, double gapMillis, Path log) throws IOException {
        Process p = new ProcessBuilder(node, script.toString(), "--port", "0", "--chunks", Integer.toString(chunks),
                "--gap-ms", Double.toString(gapMillis)).redirectError(log.toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith("listening ")) {
            p.destroyForcibly();
            throw new IOException("node upstream did not start: " + line + ", see " + log);
        }
        return new NodeUpstream(p, Integer.parseInt(line.substring("listening ".length()).trim()));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
