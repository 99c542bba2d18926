package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.ApiKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/** Every refusal is an OpenAI-shaped error with the status a client expects. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ErrorsIT extends SwitchboardTestSupport {

    @Inject
    private ApiKeys keys;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void malformedJsonIs400() {
        HttpResponse<String> response = postJson("/v1/chat/completions", ADMIN_KEY, "{\"model\": \"mock-echo\", ");

        assertError(response, 400, "invalid_request_error");
    }

    @Test
    public void missingModelIs400() {
        HttpResponse<String> response = postJson("/v1/chat/completions", ADMIN_KEY,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertError(response, 400, "invalid_request_error");
    }

    @Test
    public void missingMessagesIs400() {
        HttpResponse<String> response = postJson("/v1/chat/completions", ADMIN_KEY, "{\"model\":\"mock-echo\"}");

        assertError(response, 400, "invalid_request_error");
    }

    @Test
    public void unknownKeyIs401() {
        HttpResponse<String> response = chat("sk-sb-not-a-key", "mock-echo", "hi", "");

        JsonNode error = assertError(response, 401, null);
        assertThat(response.body()).doesNotContain("sk-sb-not-a-key");
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    public void missingKeyIs401() {
        assertError(chat(null, "mock-echo", "hi", ""), 401, null);
    }

    @Test
    public void unknownModelIs404ModelNotFound() {
        HttpResponse<String> response = chat(ADMIN_KEY, "no-such-model", "hi", "");

        JsonNode error = assertError(response, 404, "invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    public void bodyOverTheLimitIs413() throws IOException {
        byte[] big = chatBody("mock-echo", "x".repeat(1_100_000), "").getBytes(StandardCharsets.UTF_8);

        String response = rawPost("/v1/chat/completions", ADMIN_KEY, big);

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(json(response.substring(response.indexOf("\r\n\r\n") + 4)).path("error").isObject()).isTrue();
    }

    @Test
    public void requestsOverTheQuotaAre429WithRetryAfter() {
        String[] key = createKey(keys, "errors-it-limited");
        configure(configAdmin, "dev.switchboard.quota.rpm", Map.of("limits", new String[] {key[0] + "=2"}));

        // the quota component restarts with the new limits; until then requests pass
        AtomicReference<HttpResponse<String>> denied = new AtomicReference<>();
        waitFor("a 429 for the limited key", SETTLE, () -> {
            HttpResponse<String> response = chat(key[1], "mock-echo", "over the limit", "");
            if (response.statusCode() == 429) {
                denied.set(response);
                return true;
            }
            assertThat(response.statusCode()).isEqualTo(200);
            return false;
        });

        JsonNode error = assertError(denied.get(), 429, "rate_limit_error");
        assertThat(error.path("message").asText()).isNotBlank();
        long retryAfter = Long.parseLong(denied.get().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // others keep their own allowance
        assertThat(chat(ADMIN_KEY, "mock-echo", "still fine", "").statusCode()).isEqualTo(200);
    }

    @Test
    public void anEncodedTraversalIs400JsonNotHealth() throws IOException {
        // over a socket: an HTTP client would normalise the path before sending it
        for (String path : new String[] {"/v1/models/..%2f..%2fhealth", "/v1/models/%2e%2e/%2e%2e/health"}) {
            String answer = rawGet(path);

            assertThat(answer).as(path).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase()).as(path).contains("x-content-type-options: nosniff",
                    "content-type: application/json", "\"code\":\"invalid_path\"");
            assertThat(answer).as(path).doesNotContain("\"providers\"", "\"ready\"");
        }
    }

    @Test
    public void everyAnswerSaysNosniff() {
        assertThat(get("/health", null).headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(chat(null, "mock-echo", "hi", "").headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
        assertThat(get("/v1/no-such-endpoint", ADMIN_KEY).headers().firstValue("X-Content-Type-Options"))
                .hasValue("nosniff");
    }

    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A POST over a plain socket. The server may refuse a too large body before reading it and close the
     * connection, which the JDK client reports as a broken pipe (or, with 100-continue, waits on forever)
     * instead of handing over the 413 it received.
     */
    private static String rawPost(String path, String apiKey, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + apiKey
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedWhileSending) {
                // the answer is already on its way back
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.isObject()).as(response.body()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        if (type != null) {
            assertThat(error.path("type").asText()).isEqualTo(type);
        }
        return error;
    }
}
