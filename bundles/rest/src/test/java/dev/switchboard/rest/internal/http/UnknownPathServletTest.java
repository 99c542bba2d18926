package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.Rule;
import org.junit.Test;

public class UnknownPathServletTest {

    @Rule
    public final TestServer server = new TestServer();

    @Test
    public void answersOpenAisNotFoundForUnknownPaths() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/embeddingz")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"Invalid URL (POST /v1/embeddingz)\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }

    @Test
    public void answersNotFoundUnderAKnownPrefix() throws Exception {
        HttpResponse<String> response = server.send(server.authorized("/v1/chat/completions/extra")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
