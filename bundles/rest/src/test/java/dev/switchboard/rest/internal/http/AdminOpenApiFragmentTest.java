package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.rest.internal.json.Json;
import java.io.InputStream;
import org.junit.Test;

/** The OpenAPI fragment of the usage and instance paths, to fold into /admin/openapi.json, names what is served. */
public class AdminOpenApiFragmentTest {

    @Test
    public void describesEveryPathAndMethodTheServletsServe() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/admin-openapi-usage.json")) {
            doc = Json.MAPPER.readTree(in);
        }
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.path(AdminUsageServlet.PATTERN).has("get")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN).has("get")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN).has("post")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN + "/{id}").has("delete")).isTrue();
        assertThat(paths.path(AdminInstancesServlet.PATTERN + "/{id}/test").has("post")).isTrue();
        assertThat(paths.path(AdminUsageServlet.PATTERN).path("get").path("parameters").toString())
                .contains("\"group_by\"", "\"from\"", "\"to\"", "\"format\"", "\"limit\"");
    }
}
