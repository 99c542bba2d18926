package dev.switchboard.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs an SDK script of {@code itests/sdk-clients} with {@code node} and reads the one JSON object it prints
 * ({@code {"sdk", "results": [{"name", "ok", "detail"}]}}). Generic: any SDK folder there (openai, anthropic, ...)
 * follows the same contract. The folder is copied to a work directory and its vendored packages installed with
 * {@code npm install --offline}, so no registry is reached and the source tree stays clean.
 */
final class NodeScript {

    record Check(String name, boolean ok, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeScript() {
    }

    /** The executable on the PATH, or null. */
    static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }

    /** Copies {@code clients} (without node_modules) to {@code work} and installs its vendored packages there. */
    static Path install(Path clients, Path work, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(work);
        try (Stream<Path> files = Files.walk(clients)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = clients.relativize(source);
                if (relative.toString().startsWith("node_modules")) {
                    continue;
                }
                Path target = work.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        String npm = onPath("npm");
        Process process = new ProcessBuilder(npm, "install", "--offline", "--no-audit", "--no-fund",
                "--ignore-scripts").directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("npm install --offline failed in " + work + ":\n" + output);
        }
        return work;
    }

    /** Runs {@code script} (relative to {@code dir}) with the environment, within the timeout. */
    static List<Check> run(Path dir, String script, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(onPath("node"), script).directory(dir.toFile());
        builder.environment().putAll(environment);
        Path errors = Files.createTempFile(dir, "stderr", ".txt");
        builder.redirectError(errors.toFile());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(script + " did not finish within " + timeout);
        }
        String stderr = Files.readString(errors);
        String last = output.lines().filter(line -> line.startsWith("{")).reduce((a, b) -> b).orElse(null);
        if (process.exitValue() != 0 || last == null) {
            throw new IOException(script + " exited " + process.exitValue() + " without a result:\n" + output
                    + "\n" + stderr);
        }
        JsonNode result = JSON.readTree(last);
        List<Check> checks = new ArrayList<>();
        for (JsonNode check : result.path("results")) {
            checks.add(new Check(check.path("name").asText(), check.path("ok").asBoolean(),
                    check.path("detail").asText()));
        }
        return checks;
    }
}
