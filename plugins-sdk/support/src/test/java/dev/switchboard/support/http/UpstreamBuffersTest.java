package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Issue 8: one buffered answer could be 16 MB and one event 8 MB, times 64 connections per origin, with no
 * bound on the total. The node's budget must hold, fail the excess cleanly, and come back to zero however
 * a call ends.
 */
public class UpstreamBuffersTest {

    private static final int BUDGET = 100_000;
    private static final int MAX_ANSWER = 60_000;
    private static final int MAX_EVENT = 50_000;

    private LocalUpstream upstream;
    private HttpClient client;
    private UpstreamBuffers buffers;
    private final CountDownLatch release = new CountDownLatch(1);

    @Before
    public void start() throws Exception {
        upstream = new LocalUpstream();
        client = UpstreamClients.startPooledClient(new UpstreamHttpSettings(64, 1024, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 4, 16, 1, "Switchboard", BUDGET, MAX_ANSWER, MAX_EVENT));
        buffers = UpstreamBuffers.of(client);
    }

    @After
    public void stop() throws Exception {
        release.countDown();
        client.stop();
        upstream.close();
    }

    @Test
    public void theSharedClientCarriesTheConfiguredBudget() {
        assertThat(buffers.maxTotalBytes()).isEqualTo(BUDGET);
        assertThat(buffers.maxResponseBytes()).isEqualTo(MAX_ANSWER);
        assertThat(buffers.maxEventBytes()).isEqualTo(MAX_EVENT);
        assertThat(new UpstreamBuffers(0, 1, 1).maxTotalBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
    }

    @Test
    public void aBufferedAnswerIsGivenBackWhenTheCallSucceeds() throws Exception {
        upstream.answer((base, request, response) -> write(response, 50_000, true));

        UpstreamResponse answer = post("/").send().get(5, TimeUnit.SECONDS);

        assertThat(answer.body()).hasSize(50_000);
        awaitNothingHeld();
    }

    @Test
    public void anAnswerOverThePerCallLimitFailsWithOrWithoutALength() throws Exception {
        upstream.answer((base, request, response) -> write(response, 70_000, request.getRequestURI().equals("/sized")));

        for (String path : new String[] {"/sized", "/chunked"}) {
            ProviderException failure = failure(post(path).send());
            assertThat(failure.code()).as(path).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).contains("larger than 60000 bytes");
            awaitNothingHeld();
        }
    }

    @Test
    public void callsTogetherOverTheNodesBudgetFailTheExcessAndTheOthersGoOn() throws Exception {
        CountDownLatch halfWritten = new CountDownLatch(1);
        upstream.answer((base, request, response) -> {
            if (request.getRequestURI().equals("/slow")) {
                OutputStream out = response.getOutputStream();
                out.write(new byte[55_000]);
                out.flush();
                halfWritten.countDown();
                release.await(5, TimeUnit.SECONDS);
                out.write(new byte[1_000]);
            } else {
                write(response, 50_000, true);
            }
        });

        CompletableFuture<UpstreamResponse> slow = post("/slow").send();
        assertThat(halfWritten.await(5, TimeUnit.SECONDS)).isTrue();
        awaitHeldAtLeast(55_000);

        ProviderException refused = failure(post("/fast").send());
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(refused.retryable()).isTrue();
        assertThat(refused.getMessage()).contains("limit of 100000 bytes");
        assertThat(buffers.heldBytes()).isLessThanOrEqualTo(BUDGET);

        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).body()).hasSize(56_000);
        awaitNothingHeld();
        // with the room back, the same call succeeds
        assertThat(post("/fast").send().get(5, TimeUnit.SECONDS).body()).hasSize(50_000);
        awaitNothingHeld();
    }

    @Test
    public void aCancelledCallGivesItsBytesBack() throws Exception {
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            out.write(new byte[10_000]);
            out.flush();
            release.await(5, TimeUnit.SECONDS);
        });

        CompletableFuture<UpstreamResponse> call = post("/").send();
        awaitHeldAtLeast(10_000);
        call.cancel(true);

        awaitNothingHeld();
    }

    @Test
    public void aFailedCallGivesItsBytesBack() throws Exception {
        upstream.answer((base, request, response) -> {
            response.setContentLength(50_000);
            OutputStream out = response.getOutputStream();
            out.write(new byte[10_000]);
            out.flush();
            base.getHttpChannel().abort(new IOException("upstream died"));
        });

        assertThat(failure(post("/").send()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        awaitNothingHeld();
    }

    @Test
    public void aStreamHoldsOnlyItsUnfinishedEventAndGivesItBackAtTheEnd() throws Exception {
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            for (int i = 0; i < 20; i++) {
                // 20 events of 20 KB: 400 KB in all, four times the budget, never more than one held at once
                out.write(("data: " + "x".repeat(20_000) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        });
        JsonPostTest.RecordingListener listener = new JsonPostTest.RecordingListener();

        post("/").stream(listener, r -> null);

        assertThat(listener.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(listener.signals).hasSize(22).endsWith("complete");
        awaitNothingHeld();
    }

    @Test
    public void streamsTogetherOverTheNodesBudgetFailTheExcess() throws Exception {
        CountDownLatch partWritten = new CountDownLatch(1);
        upstream.answer((base, request, response) -> {
            OutputStream out = response.getOutputStream();
            // an event of 45 KB whose end is held back: the parser must keep it all
            out.write(("data: " + "x".repeat(45_000)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            partWritten.countDown();
            release.await(5, TimeUnit.SECONDS);
            out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        });
        JsonPostTest.RecordingListener first = new JsonPostTest.RecordingListener();
        JsonPostTest.RecordingListener second = new JsonPostTest.RecordingListener();
        JsonPostTest.RecordingListener third = new JsonPostTest.RecordingListener();

        UpstreamStream one = post("/").stream(first, r -> null);
        awaitHeldAtLeast(45_000);
        post("/").stream(second, r -> null);
        awaitHeldAtLeast(90_000);
        post("/").stream(third, r -> null);

        assertThat(third.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(third.error.get().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(third.error.get().retryable()).isTrue();
        assertThat(buffers.heldBytes()).isLessThanOrEqualTo(BUDGET);

        one.cancel();
        release.countDown();
        assertThat(second.ended.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(second.signals).endsWith("complete");
        awaitNothingHeld();
    }

    private JsonPost post(String path) {
        return JsonPost.to(client, upstream.uri(path), "acme").body("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse response, int bytes, boolean sized) throws IOException {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'a');
        if (sized) {
            response.setContentLength(bytes);
        }
        OutputStream out = response.getOutputStream();
        for (int i = 0; i < bytes; i += 8_192) {
            out.write(body, i, Math.min(8_192, bytes - i));
            out.flush();
        }
    }

    private void awaitNothingHeld() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (buffers.heldBytes() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(buffers.heldBytes()).as("bytes still held").isZero();
    }

    private void awaitHeldAtLeast(long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (buffers.heldBytes() < bytes && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(buffers.heldBytes()).isGreaterThanOrEqualTo(bytes);
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        Throwable thrown = catchThrowable(() -> future.get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }
}
