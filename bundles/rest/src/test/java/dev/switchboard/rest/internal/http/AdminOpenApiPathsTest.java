package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.rest.internal.json.Json;
import java.io.InputStream;
import org.junit.Test;

/** The document served at /admin/openapi.json names the paths and methods the admin servlets serve. */
public class AdminOpenApiPathsTest {

    @Test
    public void describesEveryPathAndMethodTheServletsServe() throws Exception {
        JsonNode doc;
        try (InputStream in = AdminOpenApiServlet.class.getResourceAsStream("openapi.json")) {
            doc = Json.MAPPER.readTree(in);
        }
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.path(AdminUsageServlet.PATTERN).has("get")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN).has("get")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN).has("post")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN + "/{id}").has("delete")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN + "/{id}/test").has("post")).isTrue();
        assertThat(paths.path(AdminRoutesServlet.PATTERN).has("get")).isTrue();
        assertThat(paths.path(AdminRoutesServlet.PATTERN).has("post")).isTrue();
        for (String method : new String[] {"get", "put", "delete"}) {
            assertThat(paths.path(AdminRoutesServlet.PATTERN + "/{alias}").has(method)).as(method).isTrue();
        }
        for (String base : new String[] {AdminLimitsServlet.LIMITS, AdminLimitsServlet.BUDGETS}) {
            assertThat(paths.path(base).has("get")).as(base).isTrue();
            assertThat(paths.path(base + "/{name}").has("put")).as(base).isTrue();
            assertThat(paths.path(base + "/{name}").has("delete")).as(base).isTrue();
            assertThat(paths.path(base + "/{name}/reset").has("post")).as(base).isTrue();
        }
        assertThat(doc.path("openapi").asText()).as("one 3.1 document: no 3.0 'nullable'").isEqualTo("3.1.0");
        assertThat(doc.toString()).doesNotContain("\"nullable\"");
        assertThat(paths.path(AdminUsageServlet.PATTERN).path("get").path("parameters").toString())
                .contains("\"group_by\"", "\"from\"", "\"to\"", "\"format\"", "\"limit\"");
    }
}
