package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class UpstreamAnswerTest {

    private LocalUpstream upstream;
    private HttpClient client;

    @Before
    public void start() throws Exception {
        upstream = new LocalUpstream();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        upstream.close();
    }

    @Test
    public void aSuccessIsReadIntoTheAnswer() throws Exception {
        answer(200, "{\"text\":\"hi\"}");

        CompletableFuture<String> result = UpstreamAnswer.send(post(), "acme", response -> teapot(),
                response -> new String(response.body(), StandardCharsets.UTF_8));

        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("{\"text\":\"hi\"}");
    }

    @Test
    public void aNonSuccessGoesThroughTheProvidersErrorMapping() throws Exception {
        answer(429, "{\"error\":{}}");

        CompletableFuture<String> result = UpstreamAnswer.send(post(), "acme",
                response -> new ProviderException(ErrorCode.RATE_LIMIT, "acme: " + response.status(), true, null,
                        response.status(), null),
                response -> "never read");

        ProviderException failure = failure(result);
        assertThat(failure.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(failure.getMessage()).isEqualTo("acme: 429");
    }

    @Test
    public void anUnreadableSuccessIsARetryableInternalErrorNamingTheProvider() throws Exception {
        answer(200, "not json");

        CompletableFuture<String> result = UpstreamAnswer.send(post(), "acme", response -> teapot(), response -> {
            throw new IOException("Unexpected character");
        });

        ProviderException failure = failure(result);
        assertThat(failure.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(failure.retryable()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("acme: unreadable response (IOException)");
    }

    @Test
    public void anErrorTheReaderFindsInsideASuccessPassesAsItIs() throws Exception {
        answer(200, "{\"error\":\"model not found\"}");
        ProviderException inside = new ProviderException(ErrorCode.NOT_FOUND, "acme: model not found", false, null,
                200, null);

        CompletableFuture<String> result = UpstreamAnswer.send(post(), "acme", response -> teapot(), response -> {
            throw inside;
        });

        assertThat(failure(result)).isSameAs(inside);
    }

    @Test
    public void aTransportFailureArrivesUnwrapped() throws Exception {
        String closed = upstream.uri("/").toString();
        upstream.close();

        CompletableFuture<String> result = UpstreamAnswer.send(JsonPost.to(client, java.net.URI.create(closed), "acme")
                .body(new byte[] {'{', '}'}), "acme", response -> teapot(), response -> "never read");

        assertThat(failure(result).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void cancellingTheAnswerAbortsTheUpstreamCall() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch broken = new CountDownLatch(1);
        upstream.answer((base, request, response) -> {
            try {
                OutputStream out = response.getOutputStream();
                for (int i = 0; i < 250; i++) {
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    writing.countDown();
                    Thread.sleep(20);
                }
            } catch (IOException e) {
                broken.countDown();
            }
        });

        CompletableFuture<String> result = UpstreamAnswer.send(post(), "acme", response -> teapot(),
                response -> "read");
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        result.cancel(true);

        assertThat(broken.await(5, TimeUnit.SECONDS)).as("upstream saw the connection close").isTrue();
    }

    @Test
    public void aRequestThatCannotBeWrittenIsTheClientsFaultAndNeverRetried() {
        ProviderException e = UpstreamAnswer.unmappable("acme", new IllegalArgumentException("n must be 1"));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).isEqualTo("acme: request cannot be sent: n must be 1");
    }

    private void answer(int status, String body) {
        upstream.answer((base, request, response) -> {
            response.setStatus(status);
            response.setContentType("application/json");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        });
    }

    private JsonPost post() {
        return JsonPost.to(client, upstream.uri("/v1/answer"), "acme").body("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderException teapot() {
        throw new AssertionError("the error mapping is for non-2xx answers only");
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }
}
