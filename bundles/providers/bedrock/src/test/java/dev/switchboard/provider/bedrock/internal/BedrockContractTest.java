package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsEnvironment;
import dev.switchboard.support.aws.EventStreamEncoder;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;

/**
 * The provider contract (the SDK's test kit) against a loopback stub speaking Bedrock's Converse wire format; the
 * streamed answers are binary event-stream messages ({@link #frameEvent}: each scripted event is
 * {@code "<event type> <JSON payload>"}).
 */
public class BedrockContractTest extends HttpProviderContractTest {

    static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

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
        InstanceConfig config = new InstanceConfig("bedrock", BedrockProvider.TYPE, baseUrl, "AKIDEXAMPLE:secret",
                List.of(ModelInfo.text(model(), "0.80", "4.00", 200000)), 1, Map.of("region", "us-east-1"));
        AwsEnvironment none = AwsEnvironment.of(name -> null, null);
        return new BedrockInstance(config, BedrockSettings.from(config, null),
                BedrockAuth.resolve(config.apiKey(), null, none, "us-east-1", Clock.systemUTC()), client, Clock.systemUTC());
    }

    @Override
    protected String model() {
        return MODEL;
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},"
                + "\"stopReason\":\"end_turn\"," + usage(usage) + ",\"metrics\":{\"latencyMs\":120}}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        return List.of("messageStart {\"role\":\"assistant\"}",
                "contentBlockDelta {\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text.substring(0, 3) + "\"}}",
                "contentBlockDelta {\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text.substring(3) + "\"}}",
                "contentBlockStop {\"contentBlockIndex\":0}",
                "messageStop {\"stopReason\":\"end_turn\"}",
                "metadata {" + usage(usage) + ",\"metrics\":{\"latencyMs\":120}}");
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of("messageStart {\"role\":\"assistant\"}",
                "contentBlockDelta {\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + partial + "\"}}");
    }

    @Override
    protected String errorBody(int status) {
        return "{\"message\":\"status " + status + "\"}";
    }

    @Override
    protected String streamContentType() {
        return BedrockInstance.EVENT_STREAM;
    }

    /** {@code "<type> <json>"} as one event message; anything else (the malformed case) as a broken delta. */
    @Override
    protected byte[] frameEvent(String event) {
        int space = event.indexOf(' ');
        if (space > 0 && Character.isLetter(event.charAt(0))) {
            return EventStreamEncoder.event(event.substring(0, space), event.substring(space + 1));
        }
        return EventStreamEncoder.event("contentBlockDelta", event);
    }

    private static String usage(Usage usage) {
        return "\"usage\":{\"inputTokens\":" + usage.promptTokens() + ",\"outputTokens\":" + usage.completionTokens()
                + ",\"totalTokens\":" + usage.totalTokens() + "}";
    }
}
