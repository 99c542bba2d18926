package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.rest.internal.json.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/** Whatever escapes an endpoint (an Error included, on the calling thread or in a callback) is OpenAI's JSON. */
public class UnexpectedFailureTest {

    private static final String BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM_BODY =
            "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Rule
    public final TestServer server = new TestServer();

    private static void assertJson500WithRequestId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        JsonNode error = Json.MAPPER.readTree(response.body()).get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("type").asText()).isEqualTo("api_error");
        assertThat(error.get("code").asText()).isEqualTo("internal_error");
        assertThat(error.get("message").asText()).contains(requestId).doesNotContain("simulated");
    }

    @Test
    public void anErrorThrownByTheGatewayIsAJson500WithTheRequestId() throws Exception {
        server.gateway.chat = request -> {
            throw new OutOfMemoryError("simulated");
        };

        assertJson500WithRequestId(server.postChat(BODY));
    }

    @Test
    public void anErrorThrownWhenAStreamStartsIsAJson500() throws Exception {
        server.gateway.stream = (request, listener) -> {
            throw new StackOverflowError("simulated");
        };

        assertJson500WithRequestId(server.postChat(STREAM_BODY));
    }

    @Test
    public void anErrorCompletingTheAnswerIsAJson500() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(new AssertionError("simulated"));

        assertJson500WithRequestId(server.postChat(BODY));
    }

    @Test
    public void aBrokenAnswerFailingWhileItIsWrittenIsAJson500() throws Exception {
        // an outcome the writer cannot write fails inside the completion callback, after the status was set
        server.gateway.chat = request -> CompletableFuture.supplyAsync(
                () -> new ChatOutcome(null, "i", "t", false, null, 1, 1));

        HttpResponse<String> response = server.postChat(BODY);

        assertJson500WithRequestId(response);
    }

    @Test
    public void everyAnswerSaysNosniff() throws Exception {
        server.gateway.chat = request -> CompletableFuture.failedFuture(new IllegalStateException("simulated"));
        List<HttpResponse<String>> responses = List.of(
                server.postChat(BODY),
                server.postChat(STREAM_BODY),
                server.send(server.request("/v1/models").GET().build()),
                server.send(server.authorized("/v1/models").GET().build()),
                server.send(server.request("/v1/nothing-here").GET().build()),
                server.send(server.request("/health").GET().build()),
                server.send(server.request("/health/live").GET().build()),
                server.send(server.request("/elsewhere").GET().build()));
        for (HttpResponse<String> response : responses) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(response.uri() + " "
                    + response.statusCode()).hasValue("nosniff");
        }
    }

    @Test
    public void anUnreadableBodyIsA400NotA500() throws Exception {
        RawHttp response = RawHttp.send(server.port(), "POST", "/v1/chat/completions",
                "Authorization: Bearer " + TestServer.GOOD_KEY, "Content-Type: application/json",
                "Transfer-Encoding: chunked", "", "zz\r\n{\"model\"");

        assertThat(response.status).isEqualTo(400);
    }
}
