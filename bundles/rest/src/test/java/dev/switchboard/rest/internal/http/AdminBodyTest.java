package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.GatewayException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.http.HttpServletRequest;
import org.junit.Test;

public class AdminBodyTest {

    /** A body as the container hands it over, counting what the reader took of it. */
    private static final class Body extends ServletInputStream {
        private final ByteArrayInputStream in;
        private final int size;

        Body(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
            size = bytes.length;
        }

        int taken() {
            return size - in.available();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read() {
            return in.read();
        }
    }

    /** A request with this body; {@code chunked}: no declared length. */
    private static HttpServletRequest request(Body body, long declared) {
        return (HttpServletRequest) Proxy.newProxyInstance(AdminBodyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> body;
                    case "getContentLengthLong" -> declared;
                    case "getContentLength" -> (int) declared;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Body body(String text) {
        return new Body(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Body spaces(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ' ');
        return new Body(bytes);
    }

    private static void assertTooLarge(Throwable thrown) {
        GatewayException e = (GatewayException) thrown;
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.code()).isEqualTo("request_too_large");
        assertThat(e.getMessage()).contains(String.valueOf(AdminBody.MAX_BYTES));
    }

    @Test
    public void readsAJsonObject() throws IOException {
        Body body = body("{\"name\":\"acme\"}");
        assertThat(AdminBody.object(request(body, 15)).get("name").asText()).isEqualTo("acme");
        assertThat(AdminBody.object(request(body("{\"a\":1}"), -1)).get("a").asInt()).isEqualTo(1);
    }

    @Test
    public void aBodyDeclaredOverTheLimitIsDrainedThenRefusedWith413() {
        Body body = spaces(600_000);
        assertThatThrownBy(() -> AdminBody.object(request(body, 600_000))).satisfies(AdminBodyTest::assertTooLarge);
        // all of it read before the answer: a client still writing reads the 413 instead of a reset
        assertThat(body.taken()).isEqualTo(600_000);
    }

    @Test
    public void aChunkedBodyGrowingOverTheLimitIsDrainedThenRefusedWith413() {
        Body body = spaces(300_000);
        assertThatThrownBy(() -> AdminBody.objectOrEmpty(request(body, -1)))
                .satisfies(AdminBodyTest::assertTooLarge);
        assertThat(body.taken()).isEqualTo(300_000);
    }

    @Test
    public void aBodyFarOverTheLimitIsRefusedWithoutReadingIt() {
        long declared = AdminBody.MAX_BYTES + RefusedBody.MAX_DRAIN_BYTES + 1;
        Body body = spaces((int) declared);
        assertThatThrownBy(() -> AdminBody.object(request(body, declared))).satisfies(AdminBodyTest::assertTooLarge);
        assertThat(body.taken()).isZero();
    }

    @Test
    public void aChunkedBodyFarOverTheLimitIsDroppedOnlyUpToTheBound() {
        Body body = spaces(AdminBody.MAX_BYTES + 2 * (int) RefusedBody.MAX_DRAIN_BYTES);
        assertThatThrownBy(() -> AdminBody.object(request(body, -1))).satisfies(AdminBodyTest::assertTooLarge);
        assertThat(body.taken()).isEqualTo(AdminBody.MAX_BYTES + RefusedBody.MAX_DRAIN_BYTES);
    }

    @Test
    public void aBodyAtTheLimitIsRead() throws IOException {
        String json = "{\"a\":\"" + "x".repeat(AdminBody.MAX_BYTES - 8) + "\"}";
        assertThat(json).hasSize(AdminBody.MAX_BYTES);
        assertThat(AdminBody.object(request(body(json), json.length())).get("a").asText()).hasSize(AdminBody.MAX_BYTES - 8);
    }

    @Test
    public void malformedJsonIsA400() {
        for (String bad : new String[] {"{", "{\"a\":}", "nope"}) {
            assertThatThrownBy(() -> AdminBody.object(request(body(bad), bad.length())))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.type()).isEqualTo("invalid_request_error");
                        assertThat(e.getMessage()).isEqualTo("The body is not valid JSON.");
                    });
        }
    }

    @Test
    public void jsonThatIsNoObjectIsA400() {
        for (String notObject : new String[] {"[1]", "\"x\"", "null", "  "}) {
            assertThatThrownBy(() -> AdminBody.object(request(body(notObject), notObject.length())))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }

    @Test
    public void anEmptyBodyIsA400WhereOneIsRequiredAndAnEmptyObjectElsewhere() throws IOException {
        assertThatThrownBy(() -> AdminBody.object(request(body(""), 0)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("The body must be a JSON object.");
                });
        assertThatThrownBy(() -> AdminBody.object(request(body(""), -1)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(AdminBody.objectOrEmpty(request(body(""), 0)).isEmpty()).isTrue();
    }
}
