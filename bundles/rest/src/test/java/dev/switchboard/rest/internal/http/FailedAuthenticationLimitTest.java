package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.rest.internal.json.Json;
import org.junit.Rule;
import org.junit.Test;

/** Wrong keys are limited per client address: 20 a minute, then 429 without the key being checked. */
public class FailedAuthenticationLimitTest {

    private static final String WRONG = "Authorization: Bearer sk-wrong-guess";
    private static final String RIGHT = "Authorization: Bearer " + TestServer.GOOD_KEY;

    @Rule
    public final TestServer server = new TestServer();

    @Test
    public void the21stWrongKeyFromOneAddressGets429AndAnotherAddressStillWorks() throws Exception {
        for (int i = 1; i <= 20; i++) {
            assertThat(RawHttp.sendFrom("127.0.0.1", server.port(), "GET", "/v1/models", WRONG).status)
                    .as("wrong key %d", i).isEqualTo(401);
        }

        RawHttp blocked = RawHttp.sendFrom("127.0.0.1", server.port(), "GET", "/v1/models", WRONG);
        assertThat(blocked.status).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isNotNull();
        assertThat(blocked.header("X-Content-Type-Options")).isEqualTo("nosniff");
        JsonNode error = Json.MAPPER.readTree(blocked.body).get("error");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.get("code").asText()).isEqualTo("too_many_failed_authentications");
        assertThat(RawHttp.sendFrom("127.0.0.1", server.port(), "GET", "/v1/models", RIGHT).status)
                .as("the key is not even checked").isEqualTo(429);

        assertThat(RawHttp.sendFrom("127.0.0.2", server.port(), "GET", "/v1/models", RIGHT).status)
                .as("another address").isEqualTo(200);
        assertThat(RawHttp.sendFrom("127.0.0.1", server.port(), "GET", "/health").status)
                .as("a load balancer's probe without a key is not refused").isEqualTo(200);
    }

    @Test
    public void aMissingKeyIsNotAGuess() throws Exception {
        for (int i = 1; i <= 25; i++) {
            assertThat(RawHttp.send(server.port(), "GET", "/v1/models").status).isEqualTo(401);
        }
        assertThat(RawHttp.send(server.port(), "GET", "/v1/models", RIGHT).status).isEqualTo(200);
    }

    @Test
    public void anUntrustedPeerCannotEscapeByClaimingAnotherForwardedAddress() throws Exception {
        for (int i = 1; i <= 20; i++) {
            RawHttp.send(server.port(), "GET", "/v1/models", WRONG, "X-Forwarded-For: 203.0.113." + i);
        }
        assertThat(RawHttp.send(server.port(), "GET", "/v1/models", WRONG, "X-Forwarded-For: 203.0.113.99").status)
                .isEqualTo(429);
    }

    @Test
    public void wrongKeysInXApiKeyCountAndAreBlockedTooInAnthropicsShapeOnMessages() throws Exception {
        for (int i = 1; i <= 20; i++) {
            assertThat(RawHttp.sendFrom("127.0.0.1", server.port(), "POST", "/v1/messages",
                    "x-api-key: sk-wrong-guess", "Content-Length: 0").status).as("wrong key %d", i)
                    .isEqualTo(401);
        }
        RawHttp blocked = RawHttp.sendFrom("127.0.0.1", server.port(), "POST", "/v1/messages",
                "x-api-key: " + TestServer.GOOD_KEY, "Content-Length: 0");
        assertThat(blocked.status).as("the key is not even checked").isEqualTo(429);
        JsonNode error = Json.MAPPER.readTree(blocked.body);
        assertThat(error.get("type").asText()).isEqualTo("error");
        assertThat(error.at("/error/type").asText()).isEqualTo("rate_limit_error");
    }
}
