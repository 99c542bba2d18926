package dev.switchboard.provider.openai.internal;

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

/** The provider contract (the SDK's test kit) against a loopback stub speaking OpenAI's wire format. */
public class OpenAiContractTest extends HttpProviderContractTest {

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
        InstanceConfig config = new InstanceConfig("openai", OpenAiProvider.TYPE, baseUrl + "/v1", OpenAiErrorsTest.KEY,
                List.of(ModelInfo.text(model(), "0.15", "0.60", 128000)), 1, Map.of());
        return new OpenAiInstance(config, OpenAiSettings.from(config), client);
    }

    @Override
    protected String model() {
        return "gpt-4o-mini";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"" + model()
                + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"finish_reason\":\"stop\"}]," + usage(usage) + "}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3)));
        events.add(chunk("{\"content\":\"" + text.substring(3) + "\"}", null));
        events.add(chunk("{}", "\"stop\""));
        events.add("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\""
                + model() + "\",\"choices\":[]," + usage(usage) + "}");
        events.add("[DONE]");
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"" + partial + "\"}", null));
    }

    @Override
    protected String errorBody(int status) {
        return "{\"error\":{\"message\":\"status " + status + "\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";
    }

    private String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"" + model()
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
    }

    private static String usage(Usage usage) {
        return "\"usage\":{\"prompt_tokens\":" + usage.promptTokens() + ",\"completion_tokens\":" + usage.completionTokens()
                + ",\"total_tokens\":" + (usage.promptTokens() + usage.completionTokens()) + "}";
    }
}
