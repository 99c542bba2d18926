package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * nginx as a plain keep-alive reverse proxy in front of the same upstreams the gateway calls: what proxying alone
 * costs on this machine, the bar the gateway is held to. Our own process (never a system service) with a config
 * generated into the bench's work directory: one server block per upstream, {@code proxy_pass} over HTTP/1.1 to
 * an upstream pool with {@code keepalive}, no buffering (SSE chunks pass at once), no access log, no cap on the
 * requests per connection (the driver's connections live for the whole row).
 */
final class ReverseProxy implements AutoCloseable {

    private final BenchProcess process;
    private final int[] ports;

    private ReverseProxy(BenchProcess process, int[] ports) {
        this.process = process;
        this.ports = ports;
    }

    /** the port that proxies to {@code upstreamPorts[i]} */
    int port(int i) {
        return ports[i];
    }

    long pid() {
        return process.pid();
    }

    /** Starts nginx proxying a port of its own to each of {@code upstreamPorts}; fails if it does not listen in 10 s. */
    static ReverseProxy start(Path binary, Path dir, List<Integer> upstreamPorts) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path root = dir.toAbsolutePath();
        int[] ports = new int[upstreamPorts.size()];
        StringBuilder conf = new StringBuilder();
        conf.append("daemon off;\nmaster_process on;\nworker_processes auto;\n")
                .append("pid ").append(root.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(root.resolve("error.log")).append(" warn;\n")
                .append("events { worker_connections 4096; }\n")
                .append("http {\n  access_log off;\n  keepalive_timeout 120s;\n  keepalive_requests 10000000;\n")
                .append("  client_body_temp_path ").append(root.resolve("client_body")).append(";\n")
                .append("  proxy_temp_path ").append(root.resolve("proxy")).append(";\n")
                .append("  fastcgi_temp_path ").append(root.resolve("fastcgi")).append(";\n")
                .append("  uwsgi_temp_path ").append(root.resolve("uwsgi")).append(";\n")
                .append("  scgi_temp_path ").append(root.resolve("scgi")).append(";\n");
        for (int i = 0; i < ports.length; i++) {
            ports[i] = BenchRun.freePort();
            conf.append("  upstream u").append(i).append(" { server 127.0.0.1:").append(upstreamPorts.get(i))
                    .append("; keepalive 128; keepalive_requests 10000000; keepalive_timeout 120s; }\n")
                    .append("  server {\n    listen 127.0.0.1:").append(ports[i]).append(";\n")
                    .append("    location / {\n      proxy_pass http://u").append(i).append(";\n")
                    .append("      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n")
                    .append("      proxy_buffering off;\n    }\n  }\n");
        }
        conf.append("}\n");
        Path file = root.resolve("nginx.conf");
        Files.writeString(file, conf);
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "-p", root.toString(), "-c", file.toString(),
                "-e", root.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile());
        // the last of its ports accepting is taken to mean they all do
        return new ReverseProxy(BenchProcess.startListening(builder, "nginx", ports[ports.length - 1], 10,
                root.resolve("stdout.log"), root.resolve("error.log")), ports);
    }

    /** CPU of the master and its workers (children), for the CPU columns */
    long cpuNanos() {
        long sum = ProcessStats.cpuNanos(process.pid());
        for (long pid : workerPids()) {
            sum += Math.max(0, ProcessStats.cpuNanos(pid));
        }
        return sum;
    }

    List<Long> workerPids() {
        return process.handle().children().map(ProcessHandle::pid).toList();
    }

    @Override
    public void close() {
        // SIGTERM to the master: a fast shutdown of it and its workers
        process.close();
    }
}
