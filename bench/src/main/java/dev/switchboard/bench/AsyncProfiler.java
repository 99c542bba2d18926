package dev.switchboard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * async-profiler attached to the running gateway with {@code jcmd JVMTI.agent_load}: CPU samples (perf events,
 * so kernel time shows too) every millisecond while {@code load} runs, written as collapsed stacks. The native
 * library comes from the {@code tools.profiler:async-profiler} jar on the class path.
 */
final class AsyncProfiler {

    interface Load {
        void run() throws Exception;
    }

    private AsyncProfiler() {
    }

    /** The collapsed-stack file, or empty when the profiler could not be used here (then nothing ran). */
    static Optional<Path> record(long pid, Path work, Path collapsed, Load load) throws Exception {
        Optional<Path> lib = library(work);
        if (lib.isEmpty()) {
            return Optional.empty();
        }
        Files.deleteIfExists(collapsed);
        if (!command(pid, lib.get(), "start,event=cpu,interval=1ms")) {
            return Optional.empty();
        }
        try {
            load.run();
        } finally {
            command(pid, lib.get(), "stop,file=" + collapsed.toAbsolutePath() + ",collapsed");
        }
        return Files.exists(collapsed) && Files.size(collapsed) > 0 ? Optional.of(collapsed) : Optional.empty();
    }

    private static boolean command(long pid, Path lib, String options) throws IOException {
        // quoted, so jcmd keeps "a=b,c=d" as one agent option instead of reading it as named arguments
        List<String> out = ProcessStats.jcmd(pid, "JVMTI.agent_load", lib.toString(), "\"" + options + "\"");
        return out.stream().anyMatch(l -> l.contains("return code: 0"));
    }

    private static Optional<Path> library(Path work) {
        String arch = System.getProperty("os.arch");
        String platform = "amd64".equals(arch) || "x86_64".equals(arch) ? "linux-x64"
                : "aarch64".equals(arch) ? "linux-arm64" : null;
        if (platform == null || !System.getProperty("os.name").toLowerCase().contains("linux")) {
            return Optional.empty();
        }
        try (InputStream in = AsyncProfiler.class.getResourceAsStream("/" + platform + "/libasyncProfiler.so")) {
            if (in == null) {
                return Optional.empty();
            }
            Path target = work.resolve("libasyncProfiler.so").toAbsolutePath();
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
