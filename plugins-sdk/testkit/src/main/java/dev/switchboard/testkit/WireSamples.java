package dev.switchboard.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A provider's wire samples in its upstream's documented format, kept as test resources under {@code /fixtures/}
 * ({@code src/test/resources/fixtures} of the provider's module): raw, as text, as the {@code data:} payloads of a
 * server-sent-events sample, or as the lines of a line-delimited one.
 */
public final class WireSamples {

    private WireSamples() {
    }

    /** The sample {@code name} as it is; fails when there is none. */
    public static byte[] bytes(String name) {
        try (InputStream in = WireSamples.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The {@code data:} payloads of an SSE sample, in order. */
    public static List<String> events(String name) {
        List<String> data = new ArrayList<>();
        for (String line : text(name).split("\n")) {
            if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            }
        }
        return data;
    }

    /** The non-blank lines of a line-delimited sample (NDJSON), in order. */
    public static List<String> lines(String name) {
        return text(name).lines().filter(line -> !line.isBlank()).toList();
    }
}
