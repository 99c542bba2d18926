package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class LoopbackUpstreamTest {

    /**
     * A provider that cancels after the first event closes the connection while the stub may still be writing
     * the scripted rest: under load that write, not the hang, meets the closed connection. Here the rest is far
     * larger than any socket buffer, so the stub is always still writing when the client leaves.
     */
    @Test
    public void aClientThatLeavesWhileTheReplyIsStillBeingWrittenIsGone() throws Exception {
        try (LoopbackUpstream upstream = LoopbackUpstream.start()) {
            upstream.reply(LoopbackUpstream.streamThenHang("text/event-stream",
                    List.of(LoopbackUpstream.sse("first"), new byte[32 * 1024 * 1024])));
            URI uri = URI.create(upstream.baseUrl());
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), uri.getPort())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = client.getInputStream();
                byte[] status = new byte[12];
                assertThat(in.readNBytes(status, 0, status.length)).isEqualTo(status.length);
                assertThat(new String(status, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200");
                // leaves with the rest unread, as a cancelled stream's connection does
                client.setSoLinger(true, 0);
            }
            assertThat(upstream.awaitClientGone(ProviderContractTest.WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }
}
