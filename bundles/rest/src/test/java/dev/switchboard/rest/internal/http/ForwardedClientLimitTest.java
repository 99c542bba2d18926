package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Rule;
import org.junit.Test;

/** Behind a trusted proxy the client is the right-most X-Forwarded-For entry that is not the proxy. */
public class ForwardedClientLimitTest {

    private static final String WRONG = "Authorization: Bearer sk-wrong-guess";

    @Rule
    public final TestServer server = new TestServer().trustedProxies("192.0.2.1, 127.0.0.1");

    @Test
    public void countsPerForwardedClient() throws Exception {
        for (int i = 1; i <= 20; i++) {
            assertThat(RawHttp.send(server.port(), "GET", "/v1/models", WRONG,
                    "X-Forwarded-For: 198.51.100.1, 203.0.113.7").status).isEqualTo(401);
        }
        assertThat(RawHttp.send(server.port(), "GET", "/v1/models", WRONG,
                "X-Forwarded-For: 198.51.100.2, 203.0.113.7").status).as("the left entry is the client's claim")
                .isEqualTo(429);
        assertThat(RawHttp.send(server.port(), "GET", "/v1/models", "Authorization: Bearer " + TestServer.GOOD_KEY,
                "X-Forwarded-For: 203.0.113.8").status).isEqualTo(200);
    }
}
