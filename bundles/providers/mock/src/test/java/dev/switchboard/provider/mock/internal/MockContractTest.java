package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.testkit.ExtraFields;
import dev.switchboard.testkit.ProviderContractTest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;

/**
 * The provider contract (the SDK's test kit) for the mock: behaviours are injected through its settings
 * ({@code error.rate}, {@code error.code}, {@code stream.chunk.delay.ms}); those that need a network are
 * declared not applicable.
 */
public class MockContractTest extends ProviderContractTest {

    private final LatencyTimer timer = new LatencyTimer(2);
    private final Map<String, String> settings = new HashMap<>();

    @After
    public void stopTimer() {
        timer.stop();
    }

    @Override
    protected ProviderInstance createInstance() {
        InstanceConfig config = new InstanceConfig("mock", MockProvider.TYPE, null, null, List.of(), 1, settings);
        return new MockProvider(List.of(), timer, Clock.systemUTC()).createInstance(config);
    }

    @Override
    protected String model() {
        return MockModels.ECHO;
    }

    @Override
    protected Usage scriptAnswer(String text, boolean stream) {
        settings.clear();
        // mock-echo answers the user message, which the contract test makes the expected text
        return new Usage(MockAnswers.estimateTokens(text), MockAnswers.estimateTokens(text));
    }

    @Override
    protected void scriptFailure(int status, Map<String, String> headers, boolean stream) {
        settings.clear();
        settings.put(MockSettings.ERROR_RATE, "1.0");
        settings.put(MockSettings.ERROR_CODE, codeFor(status).name());
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            settings.put(MockSettings.ERROR_RETRY_AFTER_MS, Long.toString(Long.parseLong(retryAfter) * 1000));
        }
    }

    private static ErrorCode codeFor(int status) {
        switch (status) {
            case 401:
                return ErrorCode.AUTH;
            case 403:
                return ErrorCode.PERMISSION;
            case 429:
                return ErrorCode.RATE_LIMIT;
            case 400:
                return ErrorCode.BAD_REQUEST;
            default:
                return ErrorCode.UNAVAILABLE;
        }
    }

    @Override
    protected void scriptHang(boolean stream) {
        throw notApplicable("the mock leaves deadlines to core on purpose: a mock that gave up by itself would "
                + "hide a core that does not");
    }

    @Override
    protected void scriptStreamThenHang(String partial) {
        settings.clear();
        settings.put(MockSettings.STREAM_CHUNK_DELAY_MS, "60000");
    }

    @Override
    protected void scriptResetMidStream(String partial) {
        throw notApplicable("the mock has no connection to lose");
    }

    @Override
    protected void scriptMalformed(boolean stream) {
        throw notApplicable("the mock has no wire format to get wrong");
    }

    @Override
    protected ExtraFields scriptAnswerWithExtraFields(boolean stream) {
        throw notApplicable("the mock answers text, a finish reason and usage, nothing beyond");
    }

    @Override
    protected boolean awaitUpstreamCancelled() throws InterruptedException {
        for (int i = 0; i < WAIT_SECONDS * 100; i++) {
            if (timer.waitingCalls() == 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
