package dev.switchboard.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The health check ({@code GET /models}, no tokens billed) against the local stub of OpenAI's API. */
public class OpenAiHealthCheckTest {

    private static final String KEY = OpenAiErrorsTest.KEY;

    private OpenAiStub stub;
    private HttpClient client;

    @Before
    public void start() throws Exception {
        stub = new OpenAiStub();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        stub.close();
    }

    @Test
    public void getsTheModelsListWithTheInstancesHeadersAndCountsIt() throws Exception {
        stub.answer(OpenAiStub.json(200, "models-list.json"));

        HealthCheckResult result = instance().check(inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(result.detail()).isEqualTo("3 models listed");
        OpenAiStub.Received sent = stub.last();
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/v1/models");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-acme");
        assertThat(sent.body()).isEmpty();
    }

    @Test
    public void aRejectedKeyFailsTheCheckWithAuthAndTheKeyCutOut() {
        stub.answer(OpenAiStub.json(401, "error-401-invalid-api-key.json"));

        ProviderException failure = failure();

        assertThat(failure.code()).isEqualTo(ErrorCode.AUTH);
        assertThat(failure.getMessage()).doesNotContain(KEY);
    }

    @Test
    public void aServerErrorIsUnavailable() {
        stub.answer(OpenAiStub.json(500, "error-500-server-error.json"));

        assertThat(failure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void anAnswerThatIsNoModelsListFailsTheCheck() {
        stub.answer(OpenAiStub.json(200, "chat-completion.json"));

        assertThat(failure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void aDeadlineAlreadyPassedFailsWithTimeoutWithoutCalling() {
        Throwable thrown = catchThrowable(() -> instance().check(new CallContext("t", Instant.now().minusSeconds(1)))
                .toCompletableFuture().get(5, TimeUnit.SECONDS));

        assertThat(thrown.getCause()).isInstanceOfSatisfying(ProviderException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT));
        assertThat(stub.requests()).isZero();
    }

    private ProviderException failure() {
        Throwable thrown = catchThrowable(() -> instance().check(inSeconds(5)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }

    private OpenAiInstance instance() {
        InstanceConfig config = new InstanceConfig("openai", "openai", stub.baseUrl(), KEY,
                List.of(ModelInfo.text("gpt-4o-mini", "0.15", "0.60", 128000)), 1, Map.of("organization", "org-acme"));
        return new OpenAiInstance(config, OpenAiSettings.from(config), client);
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("health-openai", Instant.now().plusSeconds(seconds));
    }
}
