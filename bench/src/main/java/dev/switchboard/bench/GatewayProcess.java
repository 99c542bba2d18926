package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Switchboard distribution unpacked under bench/target: configured for the bench (its own ports, cluster
 * name, a known admin key, a quota limit no run reaches, one openai instance pointing at the stub), launched
 * with {@code bin/karaf server}, and stopped by its pid.
 */
final class GatewayProcess {

    private final Path home;
    private final int httpPort;
    private final String adminKey;
    private final Path logDir;
    private Process script;
    private long pid = -1;
    private int launches;
    private long readyCpuMillis = -1;
    private int sshPort;
    /** the console user's password: random per run, so the throwaway gateway's console is no open door */
    private final String consolePassword = java.util.UUID.randomUUID().toString();

    GatewayProcess(Path home, int httpPort, String adminKey, Path logDir) {
        this.home = home.toAbsolutePath();
        this.httpPort = httpPort;
        this.adminKey = adminKey;
        this.logDir = logDir;
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return pid;
    }

    /** Writes the bench's configuration into etc/ (idempotent). */
    void configure(int stubPort, int gridPort, int sshPort) throws IOException {
        Path etc = home.resolve("etc");
        set(etc.resolve("org.ops4j.pax.web.cfg"), "org.osgi.service.http.port", Integer.toString(httpPort));
        // Pax Web 8 reads its own key (the org.osgi.service.http.* spelling is ignored and leaves 0.0.0.0)
        set(etc.resolve("org.ops4j.pax.web.cfg"), "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        set(etc.resolve("dev.switchboard.auth.cfg"), "admin.key", adminKey);
        // high enough that no run is limited, low enough that the quota still counts every request
        set(etc.resolve("dev.switchboard.quota.rpm.cfg"), "default.limit", "1000000000");
        // the bench's one key drives up to 64 connections; the per-key cap (32 by default) would answer the rest 429.
        // Raised, not switched off, so the cap's counter stays on the measured path
        set(etc.resolve("dev.switchboard.core.cfg"), "max.concurrent.per.key", "1024");
        // its own cluster: a bench gateway must never join a developer's running Switchboard
        set(etc.resolve("dev.switchboard.grid.cfg"), "cluster.name", "switchboard-bench-" + ProcessHandle.current().pid());
        set(etc.resolve("dev.switchboard.grid.cfg"), "port", Integer.toString(gridPort));
        set(etc.resolve("dev.switchboard.grid.cfg"), "members", "127.0.0.1:" + gridPort);
        set(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        this.sshPort = sshPort;
        // a console user for the pipeline-stage rows, which stop and start plugin bundles (bundle:stop) through
        // bin/client; the shipped file has none. Loopback only, like the ssh port.
        set(etc.resolve("users.properties"), CONSOLE_USER, consolePassword + ",_g_:admingroup");
        writeInstance("bench", stubPort, BenchRun.BENCH_MODEL + "=0.15/0.60/128000," + BenchRun.BENCH_EMBED_MODEL
                + "=0.02/0/8191");
    }

    void writeInstance(String id, int stubPort, String models) throws IOException {
        Files.writeString(home.resolve("etc").resolve("dev.switchboard.instance-" + id + ".cfg"),
                "id = " + id + "\n"
                        + "type = openai\n"
                        + "base.url = http://127.0.0.1:" + stubPort + "/v1\n"
                        + "api.key = sk-bench-dummy-upstream-key\n"
                        + "models = " + models + "\n"
                        + "weight = 1\n");
    }

    /** Launches and waits for {@code /health} to answer 200; returns milliseconds from launch to ready. */
    long start(Duration timeout) throws IOException, InterruptedException {
        launches++;
        Path log = logDir.resolve("karaf-" + launches + ".log");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin").resolve("karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        script = pb.start();
        long deadline = t0 + timeout.toNanos();
        pid = -1;
        while (System.nanoTime() < deadline) {
            if (!script.isAlive()) {
                throw new IOException("gateway exited with " + script.exitValue() + ", see " + log);
            }
            if (pid < 0 || ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                pid = javaPid(script.toHandle());
            }
            if (status("/health", false) == 200) {
                if (pid < 0) {
                    pid = javaPid(script.toHandle());
                }
                long cpu = pid > 0 ? ProcessStats.cpuNanos(pid) : -1;
                readyCpuMillis = cpu < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(cpu);
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            Thread.sleep(20);
        }
        throw new IOException("gateway not ready within " + timeout + ", see " + log);
    }

    /**
     * CPU time (user + system, all threads) the JVM had used when the last {@link #start} saw it ready: what the
     * start costs, much less swayed than the wall time by other processes sharing the machine.
     */
    long readyCpuMillis() {
        return readyCpuMillis;
    }

    /** Waits until {@code /v1/models} lists every one of {@code models}; returns how long that took. */
    long awaitModels(List<String> models, Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String body = get("/v1/models", true).orElse("");
            if (models.stream().allMatch(m -> body.contains("\"" + m + "\""))) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            }
            Thread.sleep(50);
        }
        throw new IOException("models " + models + " not routable within " + timeout);
    }

    void stop() throws InterruptedException {
        if (pid < 0 && script != null) {
            pid = javaPid(script.toHandle());
        }
        if (pid > 0) {
            Optional<ProcessHandle> java = ProcessHandle.of(pid);
            java.ifPresent(ProcessHandle::destroy);
            if (java.isPresent()) {
                try {
                    java.get().onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    java.get().destroyForcibly();
                }
            }
        }
        if (script != null) {
            if (!script.waitFor(10, TimeUnit.SECONDS)) {
                script.destroyForcibly();
                script.waitFor(10, TimeUnit.SECONDS);
            }
        }
        pid = -1;
    }

    static final String CONSOLE_USER = "bench-console";

    Path etc(String file) {
        return home.resolve("etc").resolve(file);
    }

    /** lines of data/log/karaf.log that contain {@code text} (0 when there is no log yet) */
    long logCount(String text) {
        try (java.util.stream.Stream<String> lines = Files.lines(home.resolve("data").resolve("log").resolve("karaf.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Runs Karaf shell commands ({@code ;}-separated) through {@code bin/client} over the gateway's ssh port, as the
     * bench's console user; returns the output. The client's known-hosts file lives under the bench's work directory
     * (a fresh unpack has a fresh host key, and the user's own ~/.sshkaraf must not learn it).
     */
    String console(String commands, Path clientHome) throws IOException, InterruptedException {
        Files.createDirectories(clientHome);
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin").resolve("client").toString(), "-a",
                Integer.toString(sshPort), "-h", "127.0.0.1", "-u", CONSOLE_USER, "-p", consolePassword, "-r", "10",
                "-d", "1", commands)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(clientHome.resolve("client.out").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx64m -Xshare:auto -Duser.home=" + clientHome.toAbsolutePath());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("bin/client did not end within 60 s: " + commands);
        }
        String out = Files.readString(clientHome.resolve("client.out"));
        if (p.exitValue() != 0 || out.contains("Error executing command") || out.contains("Authentication failed")) {
            throw new IOException("bin/client '" + commands + "' failed (" + p.exitValue() + "): " + out.trim());
        }
        return out;
    }

    /** One request whose answer the caller wants to see (a smoke check before measuring). */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return CONTROL.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path, boolean auth) {
        try {
            return send(path, auth).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private Optional<String> get(String path, boolean auth) {
        try {
            HttpResponse<String> r = send(path, auth);
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpResponse<String> send(String path, boolean auth) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (auth) {
            b.header("Authorization", "Bearer " + adminKey);
        }
        return CONTROL.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final HttpClient CONTROL = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();

    /**
     * bin/karaf is a shell script that forks the JVM (after short-lived {@code java -version} probes): the
     * gateway is the descendant running Karaf's main class. Read from {@code /proc/<pid>/cmdline} in full:
     * {@code ProcessHandle.Info.commandLine()} gives up on a command line longer than a page (4 KB), and Karaf's,
     * with its boot class path and options, is longer, so the main class at its end was never seen.
     */
    private static long javaPid(ProcessHandle script) {
        for (ProcessHandle h : script.descendants().toList()) {
            if (runsKarafMain(Path.of("/proc", Long.toString(h.pid()), "cmdline"))
                    || h.info().commandLine().map(c -> c.contains(KARAF_MAIN)).orElse(false)) {
                return h.pid();
            }
        }
        return -1;
    }

    /** Whether the NUL-separated command line in {@code cmdline} (a /proc file) has Karaf's main class as an argument. */
    static boolean runsKarafMain(Path cmdline) {
        try {
            for (String arg : new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8)
                    .split("\0")) {
                if (arg.equals(KARAF_MAIN)) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended, or no /proc: the caller falls back to what the JDK sees
        }
        return false;
    }

    private static final String KARAF_MAIN = "org.apache.karaf.main.Main";

    /**
     * Sets {@code key = value} in a .cfg file: every active (uncommented) line of the key gets the value; with none, a
     * line is appended. Commented-out lines are left alone: they are the file's documentation and examples, and
     * replacing one (the first match) used to leave a later active line of the same key in force, or rewrote a
     * line of prose that happened to read {@code #   key = ...}.
     */
    static void set(Path cfg, String key, String value) throws IOException {
        String text = Files.exists(cfg) ? Files.readString(cfg) : "";
        Pattern line = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(key) + "[ \\t]*[=:].*$");
        Matcher m = line.matcher(text);
        if (m.find()) {
            text = m.replaceAll(Matcher.quoteReplacement(key + " = " + value));
        } else {
            text = text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + key + " = " + value + "\n";
        }
        Files.writeString(cfg, text);
    }
}
