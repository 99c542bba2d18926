package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.EventStreamEncoder;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;

/**
 * The provider contract against a loopback stub of SageMaker Runtime with a messages-API container behind it:
 * each streamed event is the container's SSE event wrapped in a {@code PayloadPart} event-stream message.
 */
public class SageMakerContractTest extends HttpProviderContractTest {

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
        InstanceConfig config = new InstanceConfig("sagemaker", SageMakerProvider.TYPE, baseUrl, "AKID:secret",
                List.of(ModelInfo.text(model(), "0", "0", 32000)), 1, Map.of("region", "eu-west-1"));
        return new SageMakerInstance(config, SageMakerSettings.from(config, null), new AwsCredentials("AKID", "secret"),
                client, Clock.systemUTC());
    }

    @Override
    protected String model() {
        return "qwen3-chat-endpoint";
    }

    @Override
    protected String answerBody(String text, Usage usage) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"tgi\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"finish_reason\":\"stop\"}]," + usage(usage) + "}";
    }

    @Override
    protected List<String> answerEvents(String text, Usage usage) {
        List<String> events = new ArrayList<>(partialEvents(text.substring(0, 3)));
        events.add(chunk("{\"content\":\"" + text.substring(3) + "\"}", null));
        events.add(chunk("{}", "\"stop\""));
        events.add("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[]," + usage(usage) + "}");
        events.add("[DONE]");
        return events;
    }

    @Override
    protected List<String> partialEvents(String partial) {
        return List.of(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null), chunk("{\"content\":\"" + partial + "\"}", null));
    }

    @Override
    protected String errorBody(int status) {
        return "{\"message\":\"status " + status + "\"}";
    }

    @Override
    protected String streamContentType() {
        return SageMakerInstance.EVENT_STREAM;
    }

    @Override
    protected byte[] frameEvent(String event) {
        return EventStreamEncoder.encode(Map.of(":message-type", "event", ":event-type", "PayloadPart"),
                LoopbackUpstream.sse(event));
    }

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + finish + "}]}";
    }

    private static String usage(Usage usage) {
        return "\"usage\":{\"prompt_tokens\":" + usage.promptTokens() + ",\"completion_tokens\":" + usage.completionTokens()
                + ",\"total_tokens\":" + usage.totalTokens() + "}";
    }
}
