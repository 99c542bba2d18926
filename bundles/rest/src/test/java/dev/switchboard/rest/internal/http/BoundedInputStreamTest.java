package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.rest.internal.json.ChatRequestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class BoundedInputStreamTest {

    private static BoundedInputStream bounded(String text, long limit) {
        return new BoundedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    public void readsABodyExactlyAtTheLimit() throws IOException {
        assertThat(bounded("12345", 5).readAllBytes()).hasSize(5);
    }

    @Test
    public void readsABodyLargerThanOneBufferWhole() throws IOException {
        // readAllBytes asks for 0 bytes once its 8 KiB buffer is full: that must not read past the buffer
        assertThat(bounded("x".repeat(20_000), 65_536).readAllBytes()).hasSize(20_000);
        assertThat(bounded("12345", 5).read(new byte[5], 5, 0)).isZero();
    }

    @Test
    public void failsOneByteOverTheLimit() {
        assertThatThrownBy(() -> bounded("123456", 5).readAllBytes()).isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> {
            BoundedInputStream in = bounded("123456", 5);
            while (in.read() >= 0) {
                // drain byte by byte
            }
        }).isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    public void stopsTheReaderWhereverTheLimitFalls() {
        String known = "{\"model\":\"" + "m".repeat(200) + "\",\"messages\":[]}";
        String unknownTree = "{\"model\":\"m\",\"tools\":[{\"x\":\"" + "t".repeat(200) + "\"}]}";
        String contentParts = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"" + "p".repeat(200) + "\"}]}]}";
        for (String body : new String[] {known, unknownTree, contentParts}) {
            assertThatThrownBy(() -> new ChatRequestReader().read(bounded(body, 100)))
                    .as(body).isInstanceOf(BodyTooLargeException.class);
        }
    }
}
