package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.HealthReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class HealthWriterTest {

    @Test
    public void writesReadinessGridAndBoundPlugins() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HealthWriter().write(new HealthReport(true, true, List.of("mock", "openai"), List.of("mock"),
                List.of("memory"), List.of("rpm"), List.of("round-robin"), "round-robin", 2), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"live\":true,\"ready\":true,\"grid\":\"up\","
                + "\"models\":2,\"unserved_models\":[],\"providers\":[\"mock\",\"openai\"],\"instances\":[\"mock\"],\"caches\":[\"memory\"],"
                + "\"quotas\":[\"rpm\"],"
                + "\"selection\":{\"active\":\"round-robin\",\"available\":[\"round-robin\"]},"
                + "\"failed_instances\":[],\"unresolved_bundles\":[]}");
    }

    @Test
    public void writesInstancesThatFailedAndPluginBundlesThatCannotResolve() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HealthWriter().write(new HealthReport(false, true, List.of("acme"), List.of(), List.of(), List.of(),
                List.of(), null, 0, Map.of("acme", "com.acme 1.0.0"),
                List.of(new HealthReport.FailedInstance("acme-1", "acme", "com.acme 1.0.0", "IllegalArgumentException: no url")),
                List.of(new HealthReport.UnresolvedBundle(90, "com.other 0.1.0", "file:/opt/deploy/other.jar",
                        List.of("osgi.wiring.package: (osgi.wiring.package=com.missing)")))), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\"failed_instances\":[{\"instance\":\"acme-1\","
                + "\"type\":\"acme\",\"bundle\":\"com.acme 1.0.0\",\"reason\":\"IllegalArgumentException: no url\"}],"
                + "\"unresolved_bundles\":[{\"id\":90,\"bundle\":\"com.other 0.1.0\","
                + "\"missing\":[\"osgi.wiring.package: (osgi.wiring.package=com.missing)\"]}]}")
                .doesNotContain("/opt/deploy");
    }

    @Test
    public void writesLiveness() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HealthWriter().writeLive(out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"live\":true}");
    }
}
