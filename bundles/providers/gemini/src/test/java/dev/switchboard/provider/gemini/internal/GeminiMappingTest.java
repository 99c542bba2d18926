package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.testkit.WireSamples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The translation alone, with fixtures in Gemini's documented format; no HTTP. */
public class GeminiMappingTest {

    private static final String MODEL = "gemini-2.5-flash";

    private static String body(ChatRequest request) {
        return new String(GeminiMapping.requestBody(request), StandardCharsets.UTF_8);
    }

    private static ChatRequest.Builder request(ChatMessage... messages) {
        return ChatRequest.builder(MODEL, List.of(messages));
    }

    private static ChatMessage message(String role, String content, Map<String, Object> extensions) {
        return new ChatMessage(role, content, null, extensions);
    }

    @Test
    public void systemMessagesBecomeTheSystemInstructionAndAssistantTurnsTheModelsRole() {
        String body = body(request(ChatMessage.of("system", "Be brief."), ChatMessage.of("user", "Hi"),
                ChatMessage.of("assistant", "Hello."), ChatMessage.of("developer", "Answer in French."),
                ChatMessage.of("user", "How are you?")).build());

        assertThat(body).isEqualTo("{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"},"
                + "{\"text\":\"Answer in French.\"}]},\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Hello.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"How are you?\"}]}]}");
    }

    @Test
    public void samplingParametersGoToTheGenerationConfig() {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("n", 2);
        extensions.put("presence_penalty", 0.5);
        extensions.put("frequency_penalty", 0.25);
        extensions.put("reasoning_effort", "low");
        extensions.put("logit_bias", Map.of("50256", -100));
        extensions.put("user", "someone");

        String body = body(request(ChatMessage.of("user", "Hi")).temperature(0.2).topP(0.9).maxTokens(100)
                .stop(List.of("END", "STOP")).seed(7L).extensions(extensions).build());

        assertThat(body).endsWith(",\"generationConfig\":{\"temperature\":0.2,\"topP\":0.9,\"maxOutputTokens\":100,"
                + "\"stopSequences\":[\"END\",\"STOP\"],\"candidateCount\":2,\"seed\":7,\"presencePenalty\":0.5,"
                + "\"frequencyPenalty\":0.25,\"thinkingConfig\":{\"thinkingBudget\":1024,\"includeThoughts\":true}}}");
        assertThat(body).doesNotContain("logit_bias").doesNotContain("someone");
    }

    @Test
    public void aRequestWithoutParametersSendsNoGenerationConfig() {
        assertThat(body(request(ChatMessage.of("user", "Hi")).build())).doesNotContain("generationConfig");
    }

    @Test
    public void jsonSchemaResponseFormatBecomesResponseSchemaWithUnsupportedKeywordsDropped() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of("name", Map.of("type", "string")));
        schema.put("required", List.of("name"));
        schema.put("additionalProperties", false);
        Map<String, Object> format = Map.of("type", "json_schema",
                "json_schema", Map.of("name", "person", "strict", true, "schema", schema));

        String body = body(request(ChatMessage.of("user", "Who?")).extensions(Map.of("response_format", format)).build());

        assertThat(body).endsWith("\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseSchema\":"
                + "{\"type\":\"OBJECT\",\"properties\":{\"name\":{\"type\":\"STRING\"}},\"required\":[\"name\"]}}}");
        assertThat(body).doesNotContain("additionalProperties").doesNotContain("strict");
    }

    @Test
    public void jsonObjectResponseFormatAsksForJson() {
        String body = body(request(ChatMessage.of("user", "List")).extensions(
                Map.of("response_format", Map.of("type", "json_object"))).build());

        assertThat(body).contains("\"generationConfig\":{\"responseMimeType\":\"application/json\"}");
    }

    @Test
    public void toolsBecomeFunctionDeclarationsAndToolChoiceTheCallingMode() {
        Map<String, Object> parameters = Map.of("type", "object",
                "properties", Map.of("location", Map.of("type", "string", "description", "City")),
                "required", List.of("location"));
        List<Object> tools = List.of(
                Map.of("type", "function", "function", Map.of("name", "get_weather", "description", "Weather now",
                        "parameters", parameters)),
                Map.of("type", "function", "function", Map.of("name", "ping",
                        "parameters", Map.of("type", "object", "properties", Map.of()))));
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("tools", tools);
        extensions.put("tool_choice", Map.of("type", "function", "function", Map.of("name", "get_weather")));

        String body = body(request(ChatMessage.of("user", "Weather?")).extensions(extensions).build());

        assertThat(body).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather?\"}]}],"
                + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"Weather now\","
                + "\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"location\":{\"type\":\"STRING\","
                + "\"description\":\"City\"}},\"required\":[\"location\"]}},{\"name\":\"ping\"}]}],"
                + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}}}");
    }

    @Test
    public void toolChoiceWordsMapToModes() {
        for (String[] pair : new String[][] {{"none", "NONE"}, {"auto", "AUTO"}, {"required", "ANY"}}) {
            String body = body(request(ChatMessage.of("user", "x")).extensions(Map.of("tool_choice", pair[0])).build());
            assertThat(body).contains("\"functionCallingConfig\":{\"mode\":\"" + pair[1] + "\"}");
        }
    }

    @Test
    public void toolCallsAndToolResultsRoundTripAsFunctionCallsAndResponses() {
        List<Object> calls = List.of(
                Map.of("id", "call_1" + GeminiMapping.SIGNATURE_SEPARATOR + "c2lnLTE=", "type", "function",
                        "function", Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}")),
                Map.of("id", "call_2", "type", "function",
                        "function", Map.of("name", "get_time", "arguments", "")));
        String body = body(request(ChatMessage.of("user", "Weather and time in Paris?"),
                message("assistant", null, Map.of("tool_calls", calls)),
                message("tool", "{\"temp\":21}", Map.of("tool_call_id", "call_1" + GeminiMapping.SIGNATURE_SEPARATOR
                        + "c2lnLTE=")),
                message("tool", "14:05", Map.of("tool_call_id", "call_2")),
                ChatMessage.of("user", "Thanks")).build());

        assertThat(body).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather and time in Paris?\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"location\":\"Paris\"}},"
                + "\"thoughtSignature\":\"c2lnLTE=\"},{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"temp\":21}}},"
                + "{\"functionResponse\":{\"name\":\"get_time\",\"response\":{\"content\":\"14:05\"}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"Thanks\"}]}]}");
    }

    @Test
    public void aToolResultForAnUnknownCallCannotBeSent() {
        ChatRequest request = request(ChatMessage.of("user", "x"),
                message("tool", "42", Map.of("tool_call_id", "call_nowhere"))).build();

        assertThatThrownBy(() -> GeminiMapping.requestBody(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("call_nowhere");
    }

    @Test
    public void toolCallArgumentsThatAreNotAJsonObjectCannotBeSent() {
        List<Object> calls = List.of(Map.of("id", "c", "type", "function",
                "function", Map.of("name", "f", "arguments", "[1,2]")));
        ChatRequest request = request(message("assistant", null, Map.of("tool_calls", calls))).build();

        assertThatThrownBy(() -> GeminiMapping.requestBody(request)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    public void imagesGoInlineFromDataUrlsAndAsFileDataFromRemoteUrls() {
        List<Object> parts = List.of(
                Map.of("type", "text", "text", "What is in these?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgo=")),
                Map.of("type", "image_url", "image_url", Map.of("url", "gs://bucket/cat.webp", "detail", "high")),
                Map.of("type", "image_url", "image_url", Map.of("url", "https://example.com/dog.jpg?size=2")),
                Map.of("type", "input_audio", "input_audio", Map.of("data", "UklGRg==", "format", "mp3")));

        String body = body(request(message("user", "What is in these?", Map.of("content", parts))).build());

        assertThat(body).isEqualTo("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"What is in these?\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}},"
                + "{\"fileData\":{\"mimeType\":\"image/webp\",\"fileUri\":\"gs://bucket/cat.webp\"}},"
                + "{\"fileData\":{\"mimeType\":\"image/jpeg\",\"fileUri\":\"https://example.com/dog.jpg?size=2\"}},"
                + "{\"inlineData\":{\"mimeType\":\"audio/mp3\",\"data\":\"UklGRg==\"}}]}]}");
    }

    @Test
    public void unsupportedContentCannotBeSent() {
        ChatRequest ftp = request(message("user", "x", Map.of("content", List.of(
                Map.of("type", "image_url", "image_url", Map.of("url", "ftp://host/a.png")))))).build();
        ChatRequest unknown = request(message("user", "x", Map.of("content", List.of(
                Map.of("type", "hologram"))))).build();

        assertThatThrownBy(() -> GeminiMapping.requestBody(ftp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeminiMapping.requestBody(unknown)).hasMessageContaining("hologram");
    }

    @Test
    public void anAnswerMapsTextFinishAndUsageWithoutThoughts() throws Exception {
        ChatResponse response = GeminiMapping.toResponse(
                GeminiWire.readResponse(WireSamples.bytes("generate-content.json")), MODEL);

        assertThat(response.id()).isEqualTo("mJ8iaKqfGrmW1dkP5fSq4QQ");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.firstContent()).isEqualTo("Hello! How can I help you today?");
        assertThat(response.choices().get(0).message().role()).isEqualTo("assistant");
        assertThat(response.choices().get(0).finishReason()).isEqualTo("stop");
        // prompt 12 + tool-use prompt 2; candidates 9 + thoughts 30 (billed as output): 14 + 39 = total 53
        assertThat(response.usage()).isEqualTo(new Usage(14, 39, 4, 0, 30, java.util.Map.of()));
        assertThat(response.usage().totalTokens()).isEqualTo(53);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void functionCallsBecomeToolCallsWithIdsCarryingTheThoughtSignature() throws Exception {
        ChatResponse response = GeminiMapping.toResponse(
                GeminiWire.readResponse(WireSamples.bytes("generate-content-function-call.json")), MODEL);

        ChatMessage message = response.choices().get(0).message();
        assertThat(response.choices().get(0).finishReason()).isEqualTo("tool_calls");
        assertThat(message.content()).isNull();
        List<Map<String, Object>> calls = (List<Map<String, Object>>) message.extensions().get("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat((String) calls.get(0).get("id")).startsWith("call_").endsWith(
                GeminiMapping.SIGNATURE_SEPARATOR + "CiQB0e2Kb3sig+/A==");
        assertThat(calls.get(0).get("type")).isEqualTo("function");
        assertThat(calls.get(0).get("function")).isEqualTo(
                Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\",\"unit\":\"celsius\"}"));
        assertThat((String) calls.get(1).get("id")).doesNotContain(GeminiMapping.SIGNATURE_SEPARATOR);
        assertThat(calls.get(0).get("id")).isNotEqualTo(calls.get(1).get("id"));
    }

    @Test
    public void aBlockedPromptIsAContentFilterFailure() throws Exception {
        GeminiWire.Response blocked = GeminiWire.readResponse(WireSamples.bytes("generate-content-blocked.json"));

        assertThatThrownBy(() -> GeminiMapping.toResponse(blocked, MODEL)).isInstanceOfSatisfying(
                ProviderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("SAFETY");
                });
    }

    @Test
    public void aSafetyStopIsAContentFilterFinish() throws Exception {
        ChatResponse response = GeminiMapping.toResponse(
                GeminiWire.readResponse(WireSamples.bytes("generate-content-safety-stop.json")), MODEL);

        assertThat(response.choices().get(0).finishReason()).isEqualTo("content_filter");
        assertThat(response.firstContent()).isEmpty();
    }

    @Test
    public void finishReasonsInOpenAisWords() {
        assertThat(GeminiMapping.finishReason("STOP", false)).isEqualTo("stop");
        assertThat(GeminiMapping.finishReason("STOP", true)).isEqualTo("tool_calls");
        assertThat(GeminiMapping.finishReason("MAX_TOKENS", false)).isEqualTo("length");
        for (String filtered : new String[] {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"}) {
            assertThat(GeminiMapping.finishReason(filtered, false)).as(filtered).isEqualTo("content_filter");
        }
        assertThat(GeminiMapping.finishReason("OTHER", false)).isEqualTo("stop");
        assertThat(GeminiMapping.finishReason(null, false)).isNull();
    }

    @Test
    public void aStreamMapsEachEventAsItComesAndTheLastUsageGoesLast() throws Exception {
        GeminiMapping.StreamState state = new GeminiMapping.StreamState(MODEL);
        List<ChatChunk> chunks = new ArrayList<>();
        List<Integer> afterEvent = new ArrayList<>();
        for (String data : WireSamples.events("stream.sse")) {
            GeminiMapping.toChunks(GeminiWire.readResponse(data), state, chunks::add);
            afterEvent.add(chunks.size());
        }

        // one chunk per event as it arrives, the finish reason in a chunk of its own after the last text
        assertThat(afterEvent).containsExactly(1, 2, 4);
        assertThat(chunks.get(0).role()).isEqualTo("assistant");
        assertThat(chunks.get(0).content()).isEqualTo("The");
        assertThat(chunks.get(1).role()).isNull();
        assertThat(chunks.get(2).content()).isEqualTo(" jumps.");
        assertThat(chunks.get(3).finishReason()).isEqualTo("length");
        assertThat(chunks.get(3).content()).isNull();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.id()).isEqualTo("strm-1"));
        assertThat(state.finished()).isTrue();
        ChatChunk usage = state.usageChunk();
        assertThat(usage.isUsageOnly()).isTrue();
        assertThat(usage.usage()).isEqualTo(new Usage(7, 18, 0, 0, 12, java.util.Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void streamedFunctionCallsAreStreamedToolCallsWithIndexes() throws Exception {
        GeminiMapping.StreamState state = new GeminiMapping.StreamState(MODEL);
        List<ChatChunk> chunks = new ArrayList<>();
        for (String data : WireSamples.events("stream-function-call.sse")) {
            GeminiMapping.toChunks(GeminiWire.readResponse(data), state, chunks::add);
        }

        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(0).content()).isEqualTo("Let me check.");
        List<Map<String, Object>> first = (List<Map<String, Object>>) chunks.get(1).extensions().get("tool_calls");
        List<Map<String, Object>> second = (List<Map<String, Object>>) chunks.get(2).extensions().get("tool_calls");
        assertThat(first.get(0).get("index")).isEqualTo(0);
        assertThat((String) first.get(0).get("id")).endsWith(GeminiMapping.SIGNATURE_SEPARATOR + "c2lnLTE=");
        assertThat(first.get(0).get("function")).isEqualTo(
                Map.of("name", "get_weather", "arguments", "{\"location\":\"Paris\"}"));
        assertThat(second.get(0).get("index")).isEqualTo(1);
        assertThat(chunks.get(3).finishReason()).isEqualTo("tool_calls");
    }

    @Test
    public void aStreamWithABlockedPromptFailsWithContentFilter() throws Exception {
        GeminiWire.Response event = GeminiWire.readResponse(WireSamples.events("stream-blocked.sse").get(0));

        assertThatThrownBy(() -> GeminiMapping.toChunks(event, new GeminiMapping.StreamState(MODEL), chunk -> { }))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTENT_FILTER));
    }

    @Test
    public void aStreamThatStoppedMidCandidateIsNotFinished() throws Exception {
        GeminiMapping.StreamState state = new GeminiMapping.StreamState(MODEL);
        GeminiMapping.toChunks(GeminiWire.readResponse(WireSamples.events("stream.sse").get(0)), state, chunk -> { });

        assertThat(state.finished()).isFalse();
    }
}
