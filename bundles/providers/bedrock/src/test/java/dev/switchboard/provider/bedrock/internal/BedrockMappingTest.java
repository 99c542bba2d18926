package dev.switchboard.provider.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BedrockMappingTest {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    public void openAiMessagesToolsAndParametersBecomeAConverseRequest() throws Exception {
        ChatRequest request = ChatRequest.builder("amazon.nova-pro-v1:0", List.of(
                        ChatMessage.of("system", "Be brief."),
                        new ChatMessage("user", "What is this?", null, Map.of("content", List.of(
                                Map.of("type", "text", "text", "What is this?"),
                                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/jpg;base64,AAAA")))))
                        ,
                        new ChatMessage("assistant", null, null, Map.of("tool_calls", List.of(Map.of("id", "call_1",
                                "type", "function", "function", Map.of("name", "lookup", "arguments", "{\"q\":\"cat\"}"))))),
                        new ChatMessage("tool", "a cat", null, Map.of("tool_call_id", "call_1")),
                        ChatMessage.of("user", "Thanks")))
                .maxTokens(100).temperature(0.5).topP(0.9).stop(List.of("END"))
                .extensions(Map.of("tools", List.of(Map.of("type", "function", "function", Map.of("name", "lookup",
                                "description", "Look up", "parameters", Map.of("type", "object")))),
                        "tool_choice", "required", "guardrailConfig", Map.of("guardrailIdentifier", "g1"),
                        "logprobs", true))
                .build();

        String body = new String(BedrockMapping.requestBody(request), StandardCharsets.UTF_8);

        // compared as JSON trees: the order of an object's fields is not part of Converse's format
        assertThat(JSON.readTree(body)).isEqualTo(JSON.readTree("{\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"text\":\"What is this?\"},"
                + "{\"image\":{\"format\":\"jpeg\",\"source\":{\"bytes\":\"AAAA\"}}}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"call_1\",\"name\":\"lookup\",\"input\":{\"q\":\"cat\"}}}]},"
                + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"call_1\",\"content\":[{\"text\":\"a cat\"}]}},"
                + "{\"text\":\"Thanks\"}]}],"
                + "\"system\":[{\"text\":\"Be brief.\"}],"
                + "\"inferenceConfig\":{\"maxTokens\":100,\"temperature\":0.5,\"topP\":0.9,\"stopSequences\":[\"END\"]},"
                + "\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":\"lookup\",\"description\":\"Look up\","
                + "\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}],\"toolChoice\":{\"any\":{}}},"
                + "\"guardrailConfig\":{\"guardrailIdentifier\":\"g1\"}}"));
    }

    @Test
    public void imageLinksAreRefusedAsTheClientsFault() {
        ChatRequest request = ChatRequest.builder("m", List.of(new ChatMessage("user", "x", null, Map.of("content",
                List.of(Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.png"))))))).build();
        assertThatThrownBy(() -> BedrockMapping.requestBody(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data: URLs");
    }

    @Test
    public void stopReasonsMapToOpenAiFinishReasons() {
        assertThat(BedrockMapping.finishReason("end_turn")).isEqualTo("stop");
        assertThat(BedrockMapping.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(BedrockMapping.finishReason("max_tokens")).isEqualTo("length");
        assertThat(BedrockMapping.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(BedrockMapping.finishReason("guardrail_intervened")).isEqualTo("content_filter");
        assertThat(BedrockMapping.finishReason("content_filtered")).isEqualTo("content_filter");
    }
}
