package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine a result was measured on: without it a number means nothing. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("commit", System.getProperty("bench.commit", "unknown"));
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", field("/proc/cpuinfo", "model name"));
        String mem = field("/proc/meminfo", "MemTotal");
        m.put("ram_gib", mem.isEmpty() ? -1 : Measurement.round(Long.parseLong(mem.replaceAll("[^0-9]", "")) / 1048576.0, 1));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    private static String field(String file, String name) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(name)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "";
    }
}
