package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.HealthReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class HealthWriterTest {

    @Test
    public void writesReadinessGridAndBoundPlugins() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HealthWriter().write(new HealthReport(true, true, List.of("mock", "openai"), List.of("mock"),
                List.of("memory"), List.of("rpm"), List.of("round-robin"), "round-robin", 2), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"live\":true,\"ready\":true,\"grid\":\"up\","
                + "\"models\":2,\"providers\":[\"mock\",\"openai\"],\"instances\":[\"mock\"],\"caches\":[\"memory\"],"
                + "\"quotas\":[\"rpm\"],"
                + "\"selection\":{\"active\":\"round-robin\",\"available\":[\"round-robin\"]}}");
    }

    @Test
    public void writesLiveness() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HealthWriter().writeLive(out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"live\":true}");
    }
}
