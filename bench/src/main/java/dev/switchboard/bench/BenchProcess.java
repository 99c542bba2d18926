package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A server the bench starts as a child process (a stack probe, the Node.js mock, nginx) until it listens, and
 * stops again: the one place for starting, waiting for the port and the clean stop, so every child is handled
 * alike. Two ways to know the port: the child says it ({@link #startAnnounced}: its first line on stdout is
 * {@code listening <port>}), or the bench chose it and polls until it accepts ({@link #startListening}).
 */
final class BenchProcess implements AutoCloseable {

    private static final String ANNOUNCEMENT = "listening ";
    /** how long {@link #close} waits for the child to end after SIGTERM before it kills it */
    private static final long STOP_SECONDS = 10;

    private final Process process;
    private final int port;

    private BenchProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a child that picks its own port and prints {@code listening <port>} as its first line; anything else
     * (or nothing: it died) kills it and is an IOException {@code "<name> did not start: <line>, see <log>"}.
     */
    static BenchProcess startAnnounced(ProcessBuilder builder, String name, Path log) throws IOException {
        Process p = builder.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith(ANNOUNCEMENT)) {
            p.destroyForcibly();
            throw new IOException(name + " did not start: " + line + ", see " + log);
        }
        return new BenchProcess(p, Integer.parseInt(line.substring(ANNOUNCEMENT.length()).trim()));
    }

    /**
     * Starts a child on a port the bench chose and waits until {@code port} accepts on loopback; an IOException if
     * the child exits first (with its exit value and what it wrote to {@code output}) or does not listen within
     * {@code limitSeconds} (then it is stopped).
     */
    static BenchProcess startListening(ProcessBuilder builder, String name, int port, long limitSeconds, Path output,
                                       Path log) throws IOException, InterruptedException {
        BenchProcess started = new BenchProcess(builder.start(), port);
        Process p = started.process;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(name + " exited with " + p.exitValue() + ": "
                        + Files.readString(output).trim() + " (see " + log + ")");
            }
            if (accepts(port)) {
                return started;
            }
            Thread.sleep(20);
        }
        started.close();
        throw new IOException(name + " did not listen within " + limitSeconds + " s, see " + log);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM, then up to {@value #STOP_SECONDS} s to end before it is killed. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
