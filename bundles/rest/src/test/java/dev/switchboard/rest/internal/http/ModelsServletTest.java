package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.rest.internal.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

public class ModelsServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Before
    public void catalog() {
        server.gateway.models = List.of(
                new ModelListing(ModelInfo.text("mock-echo", "0", "0", 8192), List.of("mock"), List.of("mock")),
                new ModelListing(ModelInfo.text("meta/llama-3", "1", "1", 8192), List.of("groq"), List.of("openai")));
    }

    @Test
    public void listsModels() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/models").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode json = Json.MAPPER.readTree(response.body());
        assertThat(json.get("object").asText()).isEqualTo("list");
        assertThat(json.get("data")).hasSize(2);
        assertThat(json.at("/data/0/id").asText()).isEqualTo("mock-echo");
        assertThat(json.at("/data/0/owned_by").asText()).isEqualTo("mock");
    }

    @Test
    public void showsOneModelEvenWithASlashInItsId() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/models/meta/llama-3").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .isEqualTo("{\"id\":\"meta/llama-3\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"}");
    }

    @Test
    public void answers404ForAnUnknownModel() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/models/nope").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("model_not_found");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    public void requiresAKey() throws Exception {
        HttpResponse<String> response = server.send(server.request("/v1/models").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
    }

    @Test
    public void refusesOtherMethods() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/models")
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }
}
