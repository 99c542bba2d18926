package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 11: the official OpenAI Node SDK ({@code /v1/chat/completions}) and Anthropic's SDK ({@code /v1/messages}),
 * unmodified, for chat, streaming and tools (both turns, plain and streamed), with the {@code gemini} provider
 * calling {@link GeminiStub}, the {@code bedrock} provider (SigV4, a model id with {@code :}) calling
 * {@link BedrockStub}, the {@code sagemaker} provider calling {@link SageMakerStub}, and (OpenAI SDK; the Anthropic
 * SDK's is {@link AnthropicSdkIT}) the {@code anthropic} provider calling {@link AnthropicStub}, behind the running
 * distribution. Skipped (with the reason) when node or npm is missing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VendorSdkIT extends SwitchboardTestSupport {

    private static final String CLIENTS = "switchboard.it.sdk.clients";
    private static final String GEMINI_MODEL = "gemini-stub";
    private static final String BEDROCK_MODEL = "anthropic.claude-stub-v1:0";
    private static final String SAGEMAKER_MODEL = "sm-chat-endpoint";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    @Override
    public Option[] config() throws IOException {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 3);
        all[base.length] = systemProperty(CLIENTS).value(required(CLIENTS));
        all[base.length + 1] = systemProperty(AnthropicSdkIT.HARNESS)
                .value(new File(required(AnthropicSdkIT.HARNESS)).getAbsolutePath());
        all[base.length + 2] = systemProperty(AnthropicSdkIT.WORK)
                .value(new File(required(AnthropicSdkIT.WORK)).getAbsolutePath());
        return all;
    }

    @Test
    public void bothSdksChatStreamAndUseToolsWithGeminiBehindTheGateway() throws Exception {
        try (GeminiStub stub = new GeminiStub()) {
            org.osgi.service.cm.Configuration instance = instance("gemini-stub", "gemini", stub.baseUrl(),
                    "gemini-stub-key-not-a-secret", GEMINI_MODEL + "=1/2/1000000", Map.of());
            try {
                waitFor("model " + GEMINI_MODEL + " listed", Duration.ofSeconds(30),
                        () -> modelIds().contains(GEMINI_MODEL));
                assertOpenAiSdk(GEMINI_MODEL);
                assertAnthropicSdk(GEMINI_MODEL);
                assertThat(stub.sawApiKeyHeader()).isTrue();
                assertThat(stub.requests()).isGreaterThanOrEqualTo(10);
            } finally {
                instance.delete();
            }
        }
    }

    @Test
    public void bothSdksChatStreamAndUseToolsWithBedrockBehindTheGateway() throws Exception {
        try (BedrockStub stub = new BedrockStub()) {
            org.osgi.service.cm.Configuration instance = instance("bedrock-stub", "bedrock", stub.baseUrl(),
                    "AKIDSTUBEXAMPLE:stub-secret-not-a-secret", BEDROCK_MODEL + "=3/15/200000",
                    Map.of("region", "us-east-1"));
            try {
                waitFor("model " + BEDROCK_MODEL + " listed", Duration.ofSeconds(30),
                        () -> modelIds().contains(BEDROCK_MODEL));
                assertOpenAiSdk(BEDROCK_MODEL);
                assertAnthropicSdk(BEDROCK_MODEL);
                assertThat(stub.allSigned()).as("every call SigV4-signed").isTrue();
                assertThat(stub.colonsEncoded()).as("the model id's ':' sent as %3A").isTrue();
                assertThat(stub.requests()).isGreaterThanOrEqualTo(10);
            } finally {
                instance.delete();
            }
        }
    }

    @Test
    public void bothSdksChatStreamAndUseToolsWithASageMakerEndpointBehindTheGateway() throws Exception {
        try (SageMakerStub stub = new SageMakerStub()) {
            org.osgi.service.cm.Configuration instance = instance("sagemaker-stub", "sagemaker", stub.baseUrl(),
                    "AKIDSTUBEXAMPLE:stub-secret-not-a-secret", SAGEMAKER_MODEL + "=1/2/32768",
                    Map.of("region", "eu-west-1"));
            try {
                waitFor("model " + SAGEMAKER_MODEL + " listed", Duration.ofSeconds(30),
                        () -> modelIds().contains(SAGEMAKER_MODEL));
                assertOpenAiSdk(SAGEMAKER_MODEL);
                assertAnthropicSdk(SAGEMAKER_MODEL);
                assertThat(stub.allSigned()).as("every call SigV4-signed for sagemaker").isTrue();
                assertThat(stub.requests()).isGreaterThanOrEqualTo(10);
            } finally {
                instance.delete();
            }
        }
    }

    /** The Anthropic SDK with the anthropic provider is AnthropicSdkIT's; this is the OpenAI SDK with it. */
    @Test
    public void theOpenAiSdkChatsStreamsAndUsesToolsWithAnthropicBehindTheGateway() throws Exception {
        try (AnthropicStub stub = new AnthropicStub()) {
            org.osgi.service.cm.Configuration instance = instance("anthropic-stub-openai", "anthropic", stub.baseUrl(),
                    "sk-ant-stub-not-a-secret", "claude-stub-openai=1/5/200000", Map.of());
            try {
                waitFor("model claude-stub-openai listed", Duration.ofSeconds(30),
                        () -> modelIds().contains("claude-stub-openai"));
                assertOpenAiSdk("claude-stub-openai", AnthropicStub.ANSWER, AnthropicStub.WEATHER);
                assertThat(stub.sawAnthropicHeaders()).isTrue();
            } finally {
                instance.delete();
            }
        }
    }

    private org.osgi.service.cm.Configuration instance(String id, String type, String baseUrl, String key,
                                                       String models, Map<String, String> settings) throws IOException {
        org.osgi.service.cm.Configuration instance = configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
        Hashtable<String, Object> properties = new Hashtable<>(settings);
        properties.put("id", id);
        properties.put("type", type);
        properties.put("base.url", baseUrl);
        properties.put("api.key", key);
        properties.put("models", models);
        instance.update(properties);
        return instance;
    }

    private void assertOpenAiSdk(String model) throws Exception {
        assertOpenAiSdk(model, VendorStub.ANSWER, VendorStub.WEATHER);
    }

    private void assertOpenAiSdk(String model, String answer, String weather) throws Exception {
        assumeTrue("node is not installed: the OpenAI Node SDK check is skipped", NodeScript.onPath("node") != null);
        assumeTrue("npm is not installed: the OpenAI Node SDK check is skipped", NodeScript.onPath("npm") != null);
        Path work = NodeScript.install(Paths.get(required(CLIENTS)),
                Files.createTempDirectory("switchboard-vendor-sdk"), Duration.ofSeconds(60));
        List<NodeScript.Check> checks = NodeScript.run(work, "openai/chat-tools.mjs", Map.of(
                "SWITCHBOARD_URL", baseUrl(), "SWITCHBOARD_KEY", ADMIN_KEY, "CHAT_MODEL", model,
                "EXPECTED_ANSWER", answer, "EXPECTED_WEATHER", weather), Duration.ofSeconds(90));
        String failed = checks.stream().filter(check -> !check.ok())
                .map(check -> check.name() + ": " + check.detail()).collect(Collectors.joining("\n"));
        assertThat(failed).as("OpenAI SDK checks that failed with " + model).isEmpty();
        assertThat(checks).extracting(NodeScript.Check::name)
                .containsExactly("chat", "stream", "tools", "tool result", "tools stream");
    }

    private static void assertAnthropicSdk(String model) throws Exception {
        JsonNode seen = AnthropicSdkIT.runSdk(model);
        assertThat(seen.at("/chat/text").asText()).as(seen.toString()).isEqualTo(VendorStub.ANSWER);
        assertThat(seen.at("/chat/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(seen.at("/chat/input_tokens").asInt()).isEqualTo(21);
        assertThat(seen.at("/chat/output_tokens").asInt()).isEqualTo(9);
        assertThat(seen.at("/stream/text").asText()).as(seen.toString()).isEqualTo(VendorStub.ANSWER);
        assertThat(seen.at("/stream/pieces").asInt()).isGreaterThan(1);
        assertThat(seen.at("/stream/last_event").asText()).isEqualTo("message_stop");
        assertThat(seen.at("/tools/stop_reason").asText()).as(seen.toString()).isEqualTo("tool_use");
        assertThat(seen.at("/tools/tool/name").asText()).isEqualTo("get_weather");
        assertThat(seen.at("/tools/tool/input/city").asText()).isEqualTo("Paris");
        assertThat(seen.at("/toolResult/text").asText()).as(seen.toString()).isEqualTo(VendorStub.WEATHER);
        assertThat(seen.at("/toolStream/stop_reason").asText()).as(seen.toString()).isEqualTo("tool_use");
        assertThat(seen.at("/toolStream/tool/input/city").asText()).isEqualTo("Paris");
    }
}
