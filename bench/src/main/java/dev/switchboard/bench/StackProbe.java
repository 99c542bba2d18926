package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A stack-probe proxy as its own JVM ({@link JettyNineProxy}, or {@code JettyTwelveProxy} from
 * {@code bench/jetty12-probe}): the ceiling of one HTTP stack for the gateway's two HTTP legs, measured beside nginx
 * and direct. Both probes get the same JVM flags (the heap of the shipped {@code bin/setenv}, G1), so only the stack
 * differs.
 */
final class StackProbe implements AutoCloseable {

    /** target names of the rows through the probes */
    static final String JETTY9 = "jetty9-proxy";
    static final String JETTY12 = "jetty12-proxy";
    static final String JETTY12_MAIN = "dev.switchboard.bench.probe.JettyTwelveProxy";
    /** the same flags for both probes */
    static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseG1GC");

    private final String name;
    private final BenchProcess process;

    private StackProbe(String name, BenchProcess process) {
        this.name = name;
        this.process = process;
    }

    String name() {
        return name;
    }

    int port() {
        return process.port();
    }

    long pid() {
        return process.pid();
    }

    long cpuNanos() {
        return ProcessStats.cpuNanos(process.pid());
    }

    /** the Jetty 9.4 probe, from the bench's own classpath */
    static StackProbe jetty9(int upstreamPort, Path log) throws IOException {
        return start(JETTY9, System.getProperty("java.class.path"), JettyNineProxy.class.getName(), upstreamPort, log);
    }

    /**
     * The Jetty 12 probe from {@code bench/jetty12-probe/target} (its jar and {@code lib/}); an IOException saying
     * why when it was not built.
     */
    static StackProbe jetty12(Path target, int upstreamPort, Path log) throws IOException {
        return start(JETTY12, jetty12ClassPath(target), JETTY12_MAIN, upstreamPort, log);
    }

    /** the Jetty 12 probe's classpath, or an IOException saying why there is none */
    static String jetty12ClassPath(Path target) throws IOException {
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("switchboard-bench-jetty12-probe")
                    && f.getFileName().toString().endsWith(".jar")).findFirst().orElse(null);
        } catch (IOException e) {
            throw new IOException("the Jetty 12 probe is not built (no " + target + ")");
        }
        if (jar == null || !Files.isDirectory(target.resolve("lib"))) {
            throw new IOException("the Jetty 12 probe is not built (no jar and lib/ in " + target + ")");
        }
        return jar + java.io.File.pathSeparator + target.resolve("lib") + java.io.File.separator + "*";
    }

    private static StackProbe start(String name, String classPath, String main, int upstreamPort, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.addAll(List.of("-cp", classPath, main, "--port", "0", "--upstream-port", Integer.toString(upstreamPort)));
        return new StackProbe(name, BenchProcess.startAnnounced(new ProcessBuilder(command).redirectError(log.toFile()),
                name, log));
    }

    @Override
    public void close() {
        process.close();
    }
}
