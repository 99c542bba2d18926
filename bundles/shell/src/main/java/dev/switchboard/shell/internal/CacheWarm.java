package dev.switchboard.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Fills the caches before traffic arrives: each line of a JSONL file is a chat request body, sent to the
 * gateway's own {@code /v1/chat/completions} with a virtual key, so it is parsed, authenticated, routed and
 * cached exactly as a client's request would be (same tenant, same fingerprint). Requests are only cached when
 * the policy says so ({@code temperature} 0 or {@code "cache": true} in the line). The key is read from a file,
 * so it never lands in the shell's history.
 */
@Command(scope = "switchboard", name = "cache-warm",
        description = "Sends each request of a JSONL file (one chat body per line) through the gateway with the key"
                + " in --key-file, a few at a time, so their answers get cached for that key's tenant.")
@Service
public class CacheWarm implements Action {

    static final int MAX_LINES = 100_000;
    static final int MAX_CONCURRENCY = 32;

    @Argument(index = 0, name = "file", required = true, description = "JSONL file: one chat request body per line")
    String file;

    @Option(name = "--key-file", required = true, description = "File holding the virtual key to send the requests"
            + " with (its tenant gets the cached answers)")
    String keyFile;

    @Option(name = "--url", description = "The gateway's base URL (default http://127.0.0.1:8080)")
    String url = "http://127.0.0.1:8080";

    @Option(name = "--concurrency", description = "Requests in flight at most (1 to 32, default 4)")
    int concurrency = 4;

    @Override
    public Object execute() throws Exception {
        String key = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8).trim();
        List<String> lines = requests(Path.of(file));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Result result = warm(lines, body -> post(client, key, body), concurrency);
        result.print(System.out);
        return null;
    }

    /** The non-blank lines, at most {@value #MAX_LINES}. */
    static List<String> requests(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    if (lines.size() == MAX_LINES) {
                        throw new IllegalArgumentException("more than " + MAX_LINES + " requests in " + file);
                    }
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private int post(HttpClient client, String key, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/v1/chat/completions"))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    interface Sender {
        int send(String body) throws Exception;
    }

    /** Sends every body with at most {@code concurrency} in flight; the pool is this call's and ends with it. */
    static Result warm(List<String> bodies, Sender sender, int concurrency) throws InterruptedException {
        int threads = Math.max(1, Math.min(MAX_CONCURRENCY, concurrency));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "switchboard-cache-warm");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        List<Future<?>> pending = new ArrayList<>(bodies.size());
        try {
            for (int i = 0; i < bodies.size(); i++) {
                int line = i + 1;
                String body = bodies.get(i);
                pending.add(pool.submit(() -> {
                    try {
                        int status = sender.send(body);
                        if (status / 100 == 2) {
                            ok.incrementAndGet();
                        } else {
                            synchronized (failures) {
                                failures.add("line " + line + ": HTTP " + status);
                            }
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add("line " + line + ": " + e.getClass().getSimpleName());
                        }
                    }
                }));
            }
            for (Future<?> future : pending) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // counted inside the task
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        failures.sort(null);
        return new Result(bodies.size(), ok.get(), failures);
    }

    record Result(int sent, int answered, List<String> failures) {

        void print(PrintStream out) {
            out.println(sent + " request(s) sent, " + answered + " answered" + (failures.isEmpty() ? "." : ", "
                    + failures.size() + " failed:"));
            failures.stream().limit(20).forEach(failure -> out.println("  " + failure));
        }
    }
}
