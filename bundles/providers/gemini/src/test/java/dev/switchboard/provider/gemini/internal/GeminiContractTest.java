package dev.switchboard.provider.gemini.internal;

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

/** The provider contract (the SDK's test kit) against a loopback stub speaking Gemini's wire format. */
public class GeminiContractTest extends HttpProviderContractTest {

    static final String KEY = "AIzaSyTEST-contract-key-0123456789abcdefg";

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
        InstanceConfig config = new InstanceConfig("gemini", GeminiProvider.TYPE, baseUrl + "/v1beta", KEY,
                List.of(ModelInfo.text(model(), "0.30", "2.50", 1048576)), 1, Map.of());
        return new GeminiInstance(config, GeminiSettings.from(config), client);
    }

    @Override
    protected String model() {
        return "gemini-2.5-flash";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}]," + usage(usage)
                + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-contract\"}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3)));
        events.add(event("{\"text\":\"" + text.substring(3) + "\"}", null, null));
        events.add(event("{\"text\":\"\"}", "STOP", usage));
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of(event("{\"text\":\"" + partial + "\"}", null, null));
    }

    @Override
    protected String errorBody(int status) {
        String canonical = switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 500 -> "INTERNAL";
            default -> "UNAVAILABLE";
        };
        return "{\"error\":{\"code\":" + status + ",\"message\":\"status " + status + "\",\"status\":\"" + canonical
                + "\"}}";
    }

    private String event(String part, String finishReason, Usage usage) {
        return "{\"candidates\":[{\"content\":{\"parts\":[" + part + "],\"role\":\"model\"}"
                + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"") + ",\"index\":0}]"
                + (usage == null ? "" : "," + usage(usage))
                + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"resp-contract\"}";
    }

    private static String usage(Usage usage) {
        return "\"usageMetadata\":{\"promptTokenCount\":" + usage.promptTokens() + ",\"candidatesTokenCount\":"
                + usage.completionTokens() + ",\"totalTokenCount\":" + usage.totalTokens() + "}";
    }
}
