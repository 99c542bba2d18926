package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Role;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.junit.Test;

/** Core's start-up warm-up secret is accepted from a loopback peer only, for /v1 and for /v1/messages alike. */
public class WarmUpCallerTest {

    private static final String SECRET = "sbw-one-time";
    private static final Caller WARM_UP = new Caller("switchboard-warm-up", "start-up warm-up", "switchboard-warm-up",
            Role.APP, null, null, null, List.of(), Set.of(), CacheMode.OFF, null, null, true);
    private static final Authenticator CORE = key -> SECRET.equals(key) ? Optional.of(WARM_UP) : Optional.empty();

    private static HttpServletRequest request(String peer) {
        return (HttpServletRequest) Proxy.newProxyInstance(WarmUpCallerTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> peer;
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? "Bearer " + SECRET : null;
                    default -> null;
                });
    }

    @Test
    public void fromLoopbackItIsTheWarmUpCaller() {
        assertThat(BearerAuthentication.authenticate(request("127.0.0.1"), CORE).warmUp()).isTrue();
        assertThat(BearerAuthentication.authenticate(request("0:0:0:0:0:0:0:1"), CORE).warmUp()).isTrue();
        assertThat(MessagesServlet.authenticate(request("127.0.0.1"), CORE).warmUp()).isTrue();
    }

    @Test
    public void fromAnyOtherPeerItIsAnInvalidKey() {
        for (String peer : new String[] {"203.0.113.7", "10.0.0.5", "2001:db8::1"}) {
            assertThatThrownBy(() -> BearerAuthentication.authenticate(request(peer), CORE))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.code()).isEqualTo("invalid_api_key");
                    });
            assertThatThrownBy(() -> MessagesServlet.authenticate(request(peer), CORE))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(401));
        }
    }
}
