package dev.switchboard.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built distribution as an external process, for tests that need more than the one container Pax Exam runs
 * (several nodes of one cluster): unpacked into its own folder, configured by writing etc/*.cfg before it starts,
 * launched with {@code bin/karaf server}, stopped by the pid of its JVM. The same way {@code bench/}'s
 * GatewayProcess runs it (bench is outside the reactor, so it cannot share this class).
 */
final class KarafNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final Path home;
    private final int httpPort;
    private Process script;
    private long pid = -1;
    private int launches;

    private KarafNode(String name, Path home, int httpPort) {
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
    }

    /** Unpacks the distribution into {@code dir} (emptied first) and sets its HTTP and SSH ports on loopback. */
    static KarafNode unpack(Path distribution, Path dir, String name) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            run(Duration.ofSeconds(60), "rm", "-rf", dir.toString());
        }
        Files.createDirectories(dir);
        run(Duration.ofSeconds(120), "tar", "xzf", distribution.toString(), "-C", dir.toString());
        Path home;
        try (Stream<Path> children = Files.list(dir)) {
            home = children.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("nothing unpacked from " + distribution));
        }
        KarafNode node = new KarafNode(name, home.toAbsolutePath(), freePort());
        node.set("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(node.httpPort));
        // Pax Web 8 reads its own key for the address (the org.osgi.service.http.* one is ignored)
        node.set("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        node.set("org.apache.karaf.shell.cfg", "sshPort", Integer.toString(freePort()));
        return node;
    }

    String name() {
        return name;
    }

    Path home() {
        return home;
    }

    int httpPort() {
        return httpPort;
    }

    /** Sets {@code key = value} in etc/{@code file}, replacing an existing (or commented-out) line or appending. */
    void set(String file, String key, String value) throws IOException {
        Path cfg = home.resolve("etc").resolve(file);
        String text = Files.exists(cfg) ? Files.readString(cfg) : "";
        // the key's own line, else a commented-out one (a comment may show an example: the key's line wins)
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        if (!m.find()) {
            m = Pattern.compile("(?m)^#\\s*" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        }
        if (m.find(0)) {
            text = text.substring(0, m.start()) + key + " = " + value + text.substring(m.end());
        } else {
            text = text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + key + " = " + value + "\n";
        }
        Files.writeString(cfg, text);
    }

    /** Launches {@code bin/karaf server}; the console goes to {@code karaf-<n>.out} beside the home. */
    void start() throws IOException {
        launches++;
        Files.deleteIfExists(pidFile());
        Path out = home.getParent().resolve("karaf-" + launches + ".out");
        script = new ProcessBuilder(home.resolve("bin").resolve("karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        pid = -1;
    }

    /** Waits (bounded) for {@code GET /health} to answer 200; returns the milliseconds waited. */
    long awaitReady(Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!script.isAlive()) {
                throw new IOException(name + " exited with " + script.exitValue() + ", see " + home.getParent());
            }
            if (status("/health") == 200) {
                pid = javaPid();
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            Thread.sleep(200);
        }
        throw new IOException(name + " not ready within " + timeout + ", see " + home.resolve("data/log"));
    }

    /** Stops the JVM cleanly (SIGTERM: Karaf's shutdown hook stops the bundles), forcibly after 60 s. */
    void stop() throws InterruptedException {
        if (script == null) {
            return;
        }
        if (pid < 0) {
            pid = javaPid();
        }
        Optional<ProcessHandle> java = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        java.ifPresent(ProcessHandle::destroy);
        if (java.isPresent()) {
            try {
                java.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                java.get().destroyForcibly();
            }
        }
        if (!script.waitFor(20, TimeUnit.SECONDS)) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly();
            script.waitFor(10, TimeUnit.SECONDS);
        }
        script = null;
        pid = -1;
    }

    /** Ends the node at once (a JVM exiting without the test's clean-up must not leave it running). */
    void kill() {
        Process running = script;
        if (running == null) {
            // stopped: karaf.pid may name a process that has since taken the number
            return;
        }
        long java = pid > 0 ? pid : javaPid();
        if (java > 0) {
            ProcessHandle.of(java).ifPresent(ProcessHandle::destroyForcibly);
        }
        running.destroyForcibly();
    }

    /**
     * bin/karaf is a shell script that forks the JVM; Karaf writes the JVM's pid to {@code karaf.pid} (its
     * {@code karaf.pid.file}). Looking for Karaf's main class in the descendants' command lines, as bench does,
     * did not find the JVM here (its command line is over 4 KB long).
     */
    private long javaPid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private Path pidFile() {
        return home.resolve("karaf.pid");
    }

    // ---- HTTP ----------------------------------------------------------------------------------------

    HttpResponse<String> get(String path, String key) {
        return send(request(path, key).GET());
    }

    HttpResponse<String> post(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String key, String json) {
        return send(request(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return get(path, null).statusCode();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    // ---- processes and ports -------------------------------------------------------------------------

    /** A port free on loopback now (another process could take it before the node binds it: unlikely). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
