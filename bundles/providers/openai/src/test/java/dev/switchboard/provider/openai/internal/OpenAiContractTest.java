package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.ExtraFields;
import dev.switchboard.testkit.HttpProviderContractTest;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.WireSamples;
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
    protected ExtraFields scriptAnswerWithExtraFields(boolean stream) {
        if (stream) {
            upstream.reply(LoopbackUpstream.events(WireSamples.events("chat-stream-all-fields.sse")));
            return ExtraFields.expected()
                    .answer("system_fingerprint", "fp_f33640a400").answer("service_tier", "default")
                    .answer("obfuscation", "5TuL3").answer("x_future_top_level_field", ExtraFields.object("nested", "kept"))
                    .choice("logprobs", ExtraFields.object("content", List.of(ExtraFields.object("token", "Paris",
                            "logprob", -0.0009, "bytes", List.of(80, 97, 114, 105, 115), "top_logprobs",
                            List.of(ExtraFields.object("token", "Paris", "logprob", -0.0009,
                                    "bytes", List.of(80, 97, 114, 105, 115))))), "refusal", null))
                    .choice("x_future_choice_field", "kept")
                    .message("refusal", null).message("annotations", List.of())
                    .message("refusal", "I can't help with that.")
                    .message("tool_calls", List.of(ExtraFields.object("index", 0, "id", "call_Kq1vU0t9mXy2",
                            "type", "function", "function", ExtraFields.object("name", "lookup_capital",
                                    "arguments", ""))))
                    .message("audio", ExtraFields.object("id", "audio_68af2b1c", "transcript", "Paris"))
                    .message("x_future_delta_field", true)
                    .usage("prompt_tokens_details", ExtraFields.object("cached_tokens", 1920, "audio_tokens", 12))
                    .usage("completion_tokens_details", ExtraFields.object("reasoning_tokens", 192, "audio_tokens", 40,
                            "accepted_prediction_tokens", 3, "rejected_prediction_tokens", 1))
                    .cachedPromptTokens(1920).reasoningTokens(192);
        }
        upstream.reply(LoopbackUpstream.json(200, WireSamples.text("chat-completion-all-fields.json")));
        return ExtraFields.expected()
                .answer("system_fingerprint", "fp_b1442291a8").answer("service_tier", "default")
                .answer("x_future_top_level_field", java.util.Arrays.asList(null, ExtraFields.object("nested", "kept")))
                .choice("logprobs", ExtraFields.object("content", List.of(ExtraFields.object("token", "Paris",
                        "logprob", -0.0009, "bytes", List.of(80, 97, 114, 105, 115), "top_logprobs", List.of(
                                ExtraFields.object("token", "Paris", "logprob", -0.0009,
                                        "bytes", List.of(80, 97, 114, 105, 115)),
                                ExtraFields.object("token", "The", "logprob", -0.00725, "bytes", List.of(84, 104, 101))))),
                        "refusal", null))
                .choice("logprobs", null).choice("x_future_choice_field", 1.5)
                .message("refusal", null).message("refusal", "I can't help with that.")
                .message("annotations", List.of(ExtraFields.object("type", "url_citation", "url_citation",
                        ExtraFields.object("start_index", 31, "end_index", 34, "title", "Paris - Wikipedia",
                                "url", "https://en.wikipedia.org/wiki/Paris"))))
                .message("audio", ExtraFields.object("id", "audio_68af2b1c4e7c8191a4c4e4d3f1e0b9a2",
                        "data", "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=",
                        "expires_at", 1756319257, "transcript", "Paris is the capital of France."))
                .message("tool_calls", List.of(ExtraFields.object("id", "call_Kq1vU0t9mXy2", "type", "function",
                        "function", ExtraFields.object("name", "lookup_capital", "arguments", "{\"country\":\"France\"}"))))
                .message("function_call", null).message("x_future_message_field", ExtraFields.object("kept", true))
                .usage("prompt_tokens_details", ExtraFields.object("cached_tokens", 1920, "audio_tokens", 12))
                .usage("completion_tokens_details", ExtraFields.object("reasoning_tokens", 192, "audio_tokens", 40,
                        "accepted_prediction_tokens", 3, "rejected_prediction_tokens", 1))
                .usage("x_future_usage_field", "kept")
                .cachedPromptTokens(1920).reasoningTokens(192);
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
