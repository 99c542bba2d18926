package dev.switchboard.provider.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OllamaMappingTest {

    @Test
    public void imagePartsBecomeImagesAndJsonModeBecomesFormat() {
        ChatMessage message = new ChatMessage(ChatMessage.USER, "What is in this picture?", null, Map.of("content",
                List.of(Map.of("type", "text", "text", "What is in this picture?"),
                        Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")))));
        ChatRequest request = ChatRequest.builder("llava", List.of(message))
                .extensions(Map.of("response_format", Map.of("type", "json_object"))).build();

        String body = new String(OllamaMapping.requestBody(request, false), StandardCharsets.UTF_8);

        assertThat(body).contains("\"content\":\"What is in this picture?\"").contains("\"images\":[\"iVBORw0KGgo=\"]")
                .contains("\"format\":\"json\"").doesNotContain("image_url").doesNotContain("options");
    }

    @Test
    public void aRemoteImageIsTheClientsFault() {
        ChatMessage message = new ChatMessage(ChatMessage.USER, "see", null, Map.of("content",
                List.of(Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/cat.png")))));

        assertThatThrownBy(() -> OllamaMapping.requestBody(ChatRequest.builder("llava", List.of(message)).build(), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data: URLs");
    }

    @Test
    public void anAssistantsToolCallGoesBackWithArgumentsAsAnObject() {
        ChatMessage call = new ChatMessage(ChatMessage.ASSISTANT, "", null, Map.of("tool_calls", List.of(Map.of(
                "id", "call_1", "type", "function",
                "function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}")))));
        ChatMessage result = new ChatMessage("tool", "22 degrees", "get_weather", Map.of("tool_call_id", "call_1"));

        String body = new String(OllamaMapping.requestBody(ChatRequest.builder("llama3.2",
                List.of(call, result)).build(), true), StandardCharsets.UTF_8);

        assertThat(body).contains("\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]")
                .contains("\"tool_name\":\"get_weather\"").contains("\"stream\":true");
    }
}
