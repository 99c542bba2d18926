package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;

/** The provider contract (the SDK's test kit) against a loopback stub speaking the Messages API. */
public class AnthropicContractTest extends HttpProviderContractTest {

    private HttpClient client;

    @Before
    public void startClient() throws Exception {
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stopClient() throws Exception {
        client.stop();
    }

    @Override
    protected ProviderInstance createInstance(String baseUrl) {
        InstanceConfig config = new InstanceConfig("anthropic", AnthropicProvider.TYPE, baseUrl + "/v1",
                AnthropicErrorsTest.KEY, List.of(ModelInfo.text(model(), "1.00", "5.00", 200000)), 1, Map.of());
        return new AnthropicInstance(config, AnthropicSettings.from(config), client);
    }

    @Override
    protected String model() {
        return "claude-haiku-4-5";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model()
                + "\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + usage.promptTokens() + ",\"output_tokens\":"
                + usage.completionTokens() + "}}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3), usage.promptTokens()));
        events.add("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                + text.substring(3) + "\"}}");
        events.add("{\"type\":\"content_block_stop\",\"index\":0}");
        events.add("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + usage.completionTokens() + "}}");
        events.add("{\"type\":\"message_stop\"}");
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return partialEvents(partial, 3);
    }

    private List<String> partialEvents(String partial, long inputTokens) {
        return List.of("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":"
                        + "\"assistant\",\"content\":[],\"model\":\"" + model() + "\",\"stop_reason\":null,"
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens + ",\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"ping\"}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\""
                        + partial + "\"}}");
    }

    @Override
    protected String errorBody(int status) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"status " + status + "\"}}";
    }
}
