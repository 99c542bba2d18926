package dev.switchboard.provider.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Structured output: passed through as OpenAI's {@code response_format} to messages containers, TGI's grammar to tgi. */
public class SageMakerStructuredOutputTest {

    private static final Map<String, Object> SCHEMA = Map.of("type", "object",
            "properties", Map.of("city", Map.of("type", "string")));

    private static ChatRequest request() {
        return ChatRequest.builder("ep", List.of(ChatMessage.of("user", "Where?"))).extensions(Map.of("response_format",
                Map.of("type", "json_schema", "json_schema", Map.of("name", "place", "schema", SCHEMA)))).build();
    }

    @Test
    public void aTgiEndpointGetsTheSchemaAsItsJsonGrammar() throws Exception {
        String body = new String(SageMakerMapping.requestBody(request(), SageMakerSettings.Format.TGI, false),
                StandardCharsets.UTF_8);
        // key order inside the grammar object is not part of the contract
        String grammar = body.substring(body.indexOf("\"grammar\":{"));
        assertThat(grammar).contains("\"type\":\"json\"").contains("\"value\":{").contains("\"city\"");
    }

    @Test
    public void aMessagesEndpointGetsOpenAisResponseFormat() {
        String body = new String(SageMakerMapping.requestBody(request(), SageMakerSettings.Format.MESSAGES, false),
                StandardCharsets.UTF_8);
        assertThat(body).contains("\"response_format\":{").contains("\"json_schema\"");
    }
}
