package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.GeneratedImage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.api.StreamListener;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/** The endpoints beyond chat over real HTTP: OpenAI's wire format in and out, errors in OpenAI's shape. */
public class EndpointServletsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Rule
    public final TestServer server = new TestServer().maxUpload(4 * 1024);

    private <R> void answer(R response) {
        server.gateway.endpoint = request -> CompletableFuture.completedFuture(
                new Outcome<>(response, "inst-1", "fake", new BigDecimal("0.001"), 1, 1));
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return server.send(server.authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    public void embeddingsAnswerFloatsOrLittleEndianBase64AsAsked() throws Exception {
        float[] vector = {0.25f, -1.5f, 3.0e-7f};
        answer(new EmbeddingsResponse("emb-1", List.of(vector), new Usage(5, 0)));

        HttpResponse<String> floats = post("/v1/embeddings", "{\"model\":\"emb\",\"input\":[\"a\",\"b\"],\"dimensions\":3}");
        assertThat(floats.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(floats.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").get(0).path("embedding").get(1).floatValue()).isEqualTo(-1.5f);
        assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(5);
        assertThat(floats.headers().firstValue("x-switchboard-provider")).hasValue("inst-1");
        EmbeddingsRequest sent = (EmbeddingsRequest) server.gateway.lastEndpointRequest;
        assertThat(sent.input()).containsExactly("a", "b");
        assertThat(sent.dimensions()).isEqualTo(3);

        HttpResponse<String> base64 = post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"a\",\"encoding_format\":\"base64\"}");
        byte[] bytes = Base64.getDecoder().decode(JSON.readTree(base64.body()).path("data").get(0).path("embedding").asText());
        float[] decoded = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(vector);
    }

    @Test
    public void badBodiesAre400InOpenAisShapeAndNoKeyIs401() throws Exception {
        HttpResponse<String> badFormat = post("/v1/embeddings", "{\"model\":\"emb\",\"input\":\"a\",\"encoding_format\":\"hex\"}");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badFormat.body()).path("error").path("param").asText()).isEqualTo("encoding_format");
        HttpResponse<String> infinite = post("/v1/images/generations", "{\"model\":\"i\",\"prompt\":\"p\",\"n\":1e400}");
        assertThat(infinite.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(infinite.body()).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        HttpResponse<String> notJson = post("/v1/completions", "{");
        assertThat(notJson.statusCode()).isEqualTo(400);

        HttpResponse<String> anonymous = server.send(server.request("/v1/embeddings")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    public void imagesAndLegacyCompletionsAnswerInOpenAisShape() throws Exception {
        answer(new ImageResponse(1700000000, List.of(new GeneratedImage("QUJD", null, "a red cat")), Usage.NONE));
        JsonNode images = JSON.readTree(post("/v1/images/generations",
                "{\"model\":\"dall-e-3\",\"prompt\":\"a cat\",\"response_format\":\"b64_json\",\"style\":\"vivid\"}").body());
        assertThat(images.path("data").get(0).path("b64_json").asText()).isEqualTo("QUJD");
        assertThat(images.path("data").get(0).path("revised_prompt").asText()).isEqualTo("a red cat");
        ImageRequest image = (ImageRequest) server.gateway.lastEndpointRequest;
        assertThat(image.extensions()).containsEntry("style", "vivid");

        answer(new TextCompletion("cmpl-1", "instruct", 1, List.of(new CompletionChoice(0, " world", "stop")),
                new Usage(2, 1)));
        JsonNode completion = JSON.readTree(post("/v1/completions",
                "{\"model\":\"instruct\",\"prompt\":\"hello\",\"max_tokens\":5}").body());
        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertThat(completion.path("choices").get(0).path("text").asText()).isEqualTo(" world");
        assertThat(((CompletionRequest) server.gateway.lastEndpointRequest).maxTokens()).isEqualTo(5);
    }

    @Test
    public void aLegacyCompletionChoicesOtherFieldsReachTheClientPlainAndStreamed() throws Exception {
        Map<String, Object> logprobs = new LinkedHashMap<>();
        logprobs.put("tokens", List.of(" world"));
        logprobs.put("token_logprobs", List.of(-0.25));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("logprobs", logprobs);
        fields.put("content_filter_results", Map.of("hate", Map.of("filtered", false)));
        answer(new TextCompletion("cmpl-1", "instruct", 1, List.of(new CompletionChoice(0, " world", "stop", fields)),
                new Usage(2, 1)));
        JsonNode choice = JSON.readTree(post("/v1/completions",
                "{\"model\":\"instruct\",\"prompt\":\"hello\",\"logprobs\":1}").body()).path("choices").get(0);
        assertThat(choice.path("logprobs").path("tokens").get(0).asText()).isEqualTo(" world");
        assertThat(choice.path("logprobs").path("token_logprobs").get(0).asDouble()).isEqualTo(-0.25);
        assertThat(choice.path("content_filter_results").path("hate").path("filtered").asBoolean(true)).isFalse();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");

        server.gateway.pieces = (request, listener) -> {
            @SuppressWarnings("unchecked")
            PieceListener<CompletionChunk> chunks = (PieceListener<CompletionChunk>) listener;
            new Thread(() -> {
                chunks.onStart("inst-1", "fake");
                chunks.onPiece(new CompletionChunk("cmpl-1", "instruct", 1L,
                        List.of(new CompletionChoice(0, " world", "stop", fields)), null));
                chunks.onComplete(BigDecimal.ONE);
            }).start();
            return () -> { };
        };
        String streamed = post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"hi\",\"stream\":true}").body();
        JsonNode chunk = JSON.readTree(streamed.split("\n\n")[0].substring("data: ".length())).path("choices").get(0);
        assertThat(chunk.path("logprobs").path("tokens").get(0).asText()).isEqualTo(" world");
        assertThat(chunk.has("content_filter_results")).isTrue();
    }

    private static byte[] multipart(String boundary, Map<String, String> fields, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n"
                + "Content-Type: audio/mpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<String> upload(String path, byte[] body) throws Exception {
        return server.send(server.authorized(path).header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    @Test
    public void transcriptionsTakeAMultipartUploadAndAnswerInTheFormatAsked() throws Exception {
        byte[] audio = {1, 2, 3, '\r', '\n', '-', '-', 4};
        server.gateway.endpoint = request -> CompletableFuture.completedFuture(new Outcome<>(
                new Transcription("text/plain; charset=utf-8", "1\n00:00:00,000 --> 00:00:01,000\nhi\n"
                        .getBytes(StandardCharsets.UTF_8), 1.0, Usage.NONE), "inst-1", "fake", BigDecimal.ZERO, 1, 1));

        HttpResponse<String> srt = upload("/v1/audio/translations", multipart("XyZ",
                Map.of("model", "whisper-1", "response_format", "srt", "temperature", "0.2"), audio));

        assertThat(srt.statusCode()).isEqualTo(200);
        assertThat(srt.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(srt.body()).contains("--> 00:00:01,000");
        TranscriptionRequest sent = (TranscriptionRequest) server.gateway.lastEndpointRequest;
        assertThat(sent.file()).containsExactly(audio);
        assertThat(sent.fileName()).isEqualTo("a.mp3");
        assertThat(sent.translate()).isTrue();
        assertThat(sent.format()).isEqualTo("srt");

        HttpResponse<String> tooLarge = upload("/v1/audio/transcriptions",
                multipart("XyZ", Map.of("model", "whisper-1"), new byte[5000]));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        HttpResponse<String> noFile = upload("/v1/audio/transcriptions", ("--XyZ\r\nContent-Disposition: form-data; "
                + "name=\"model\"\r\n\r\nwhisper-1\r\n--XyZ--\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noFile.body()).path("error").path("param").asText()).isEqualTo("file");
    }

    @Test
    public void speechIsStreamedAsTheAudioArrives() throws Exception {
        server.gateway.speech = (request, listener) -> {
            new Thread(() -> {
                listener.onStart("inst-1", "fake");
                listener.onAudio(ByteBuffer.wrap("ID3".getBytes(StandardCharsets.US_ASCII)));
                listener.onAudio(ByteBuffer.wrap("-more".getBytes(StandardCharsets.US_ASCII)));
                listener.onComplete(BigDecimal.ONE);
            }).start();
            return () -> { };
        };
        HttpResponse<String> audio = post("/v1/audio/speech",
                "{\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\",\"response_format\":\"opus\"}");
        assertThat(audio.statusCode()).isEqualTo(200);
        assertThat(audio.headers().firstValue("Content-Type").orElse("")).startsWith("audio/opus");
        assertThat(audio.body()).isEqualTo("ID3-more");
        HttpResponse<String> noVoice = post("/v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"hello\"}");
        assertThat(noVoice.statusCode()).isEqualTo(400);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void streamedLegacyCompletionsAreTextCompletionChunksThenDone() throws Exception {
        server.gateway.pieces = (request, listener) -> {
            PieceListener<CompletionChunk> chunks = (PieceListener<CompletionChunk>) listener;
            new Thread(() -> {
                chunks.onStart("inst-1", "fake");
                chunks.onPiece(new CompletionChunk("cmpl-1", "instruct", 1690759702L,
                        List.of(new CompletionChoice(0, "Hel", null)), null));
                chunks.onPiece(new CompletionChunk("cmpl-1", "instruct", 1690759702L,
                        List.of(new CompletionChoice(0, "lo", "stop")), null));
                chunks.onPiece(new CompletionChunk("cmpl-1", "instruct", 1690759702L, List.of(), new Usage(3, 2)));
                chunks.onComplete(BigDecimal.ONE);
            }).start();
            return () -> { };
        };

        HttpResponse<String> plain = post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"hi\",\"stream\":true}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(plain.headers().firstValue("x-switchboard-provider")).hasValue("inst-1");
        List<String> events = List.of(plain.body().split("\n\n"));
        assertThat(events).hasSize(3).last().isEqualTo("data: [DONE]");
        JsonNode first = JSON.readTree(events.get(0).substring("data: ".length()));
        assertThat(first.path("object").asText()).isEqualTo("text_completion");
        assertThat(first.path("id").asText()).isEqualTo("cmpl-1");
        assertThat(first.path("created").asLong()).isEqualTo(1690759702L);
        assertThat(first.path("choices").get(0).path("text").asText()).isEqualTo("Hel");
        assertThat(first.path("choices").get(0).has("logprobs")).isTrue();
        assertThat(JSON.readTree(events.get(1).substring(6)).path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("stop");

        HttpResponse<String> withUsage = post("/v1/completions", "{\"model\":\"instruct\",\"prompt\":\"hi\","
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        List<String> usageEvents = List.of(withUsage.body().split("\n\n"));
        assertThat(usageEvents).hasSize(4);
        JsonNode usage = JSON.readTree(usageEvents.get(2).substring(6));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("completion_tokens").asLong()).isEqualTo(2);
        assertThat(((CompletionRequest) server.gateway.lastEndpointRequest).extensions())
                .containsKey("stream_options");
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theResponsesApiIsPassedThroughAsTheUpstreamSentItWhereTheModelHasIt() throws Exception {
        server.gateway.responsesThrough = java.util.Set.of("gpt-4.1");
        String upstreamAnswer = "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"output\":[{\"type\":\"web_search_call\",\"id\":\"ws_1\",\"status\":\"completed\"}],"
                + "\"usage\":{\"input_tokens\":3,\"output_tokens\":4,\"total_tokens\":7},\"unmodelled\":[1,2.50]}";
        answer(new ResponsesAnswer(upstreamAnswer.getBytes(StandardCharsets.UTF_8), new Usage(3, 4)));

        HttpResponse<String> plain = post("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\","
                + "\"previous_response_id\":\"resp_0\",\"tools\":[{\"type\":\"web_search\"}],\"temperature\":0.70}");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.body()).isEqualTo(upstreamAnswer);
        ResponsesRequest sent = (ResponsesRequest) server.gateway.lastEndpointRequest;
        assertThat(sent.body()).containsKeys("previous_response_id", "tools", "input");
        assertThat(new BigDecimal(sent.body().get("temperature").toString())).isEqualByComparingTo("0.7");

        server.gateway.pieces = (request, listener) -> {
            PieceListener<ResponsesEvent> events = (PieceListener<ResponsesEvent>) listener;
            new Thread(() -> {
                events.onStart("inst-1", "fake");
                events.onPiece(new ResponsesEvent("response.created", "{\"type\":\"response.created\"}", null));
                events.onPiece(new ResponsesEvent("response.output_text.delta",
                        "{\"type\":\"response.output_text.delta\",\"delta\":\"Hi\",\"obfuscation\":\"q\"}", null));
                events.onPiece(new ResponsesEvent("response.completed", "{\"type\":\"response.completed\"}",
                        new Usage(1, 1)));
                events.onComplete(BigDecimal.ONE);
            }).start();
            return () -> { };
        };
        HttpResponse<String> streamed = post("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\",\"stream\":true}");
        assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(streamed.body()).isEqualTo("event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                + "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi\","
                + "\"obfuscation\":\"q\"}\n\n"
                + "event: response.completed\ndata: {\"type\":\"response.completed\"}\n\n");

        server.gateway.responsesThrough = java.util.Set.of();
        HttpResponse<String> mapped = post("/v1/responses", "{\"model\":\"gpt-4.1\",\"input\":\"hi\","
                + "\"previous_response_id\":\"resp_0\"}");
        assertThat(mapped.statusCode()).as("mapped onto chat, stored responses are refused").isEqualTo(400);
    }

    @Test
    public void responsesAreMappedOntoChatWithToolsAndBack() throws Exception {
        server.gateway.chat = request -> CompletableFuture.completedFuture(new ChatOutcome(new ChatResponse("c1",
                "gpt", 1, List.of(new ChatChoice(0, new ChatMessage("assistant", null, null, Map.of("tool_calls",
                List.of(Map.of("id", "call_1", "type", "function", "function",
                        Map.of("name", "weather", "arguments", "{\"city\":\"Oslo\"}"))))), "tool_calls")),
                new Usage(10, 3)), "inst-1", "fake", false, BigDecimal.ZERO, 1, 1));

        HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt\",\"instructions\":\"be brief\","
                + "\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"weather?\"}]},"
                + "{\"type\":\"function_call\",\"call_id\":\"c0\",\"name\":\"weather\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c0\",\"output\":\"sunny\"}],"
                + "\"tools\":[{\"type\":\"function\",\"name\":\"weather\",\"parameters\":{\"type\":\"object\"}}],"
                + "\"max_output_tokens\":50}");

        assertThat(response.statusCode()).isEqualTo(200);
        ChatRequest chat = server.gateway.lastRequest;
        assertThat(chat.messages()).extracting(ChatMessage::role).containsExactly("system", "user", "assistant", "tool");
        assertThat(chat.messages().get(3).extensions()).containsEntry("tool_call_id", "c0");
        assertThat(chat.maxTokens()).isEqualTo(50);
        assertThat(chat.extensions().get("tools").toString()).contains("function={name=weather");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isEqualTo("completed");
        JsonNode call = body.path("output").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function_call");
        assertThat(call.path("call_id").asText()).isEqualTo("call_1");
        assertThat(call.path("arguments").asText()).isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(10);
    }

    @Test
    public void streamedResponsesUseTheResponsesApisOwnEvents() throws Exception {
        server.gateway.stream = (request, listener) -> {
            new Thread(() -> {
                listener.onStart("inst-1", "fake");
                listener.onChunk(new ChatChunk("c1", "gpt", 0, "assistant", "", null, null));
                listener.onChunk(ChatChunk.content("c1", "gpt", "Hel"));
                listener.onChunk(ChatChunk.content("c1", "gpt", "lo"));
                listener.onChunk(new ChatChunk("c1", "gpt", 0, null, null, "stop", null));
                listener.onComplete(new StreamListener.StreamSummary(new Usage(4, 2), BigDecimal.ZERO, 1));
            }).start();
            return () -> { };
        };
        HttpResponse<String> response = post("/v1/responses", "{\"model\":\"gpt\",\"input\":\"hi\",\"stream\":true}");

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> types = response.body().lines().filter(l -> l.startsWith("event: "))
                .map(l -> l.substring(7)).toList();
        assertThat(types).containsExactly("response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed");
        String completed = response.body().lines().filter(l -> l.startsWith("data: ") && l.contains("response.completed"))
                .findFirst().orElseThrow().substring(6);
        JsonNode done = JSON.readTree(completed).path("response");
        assertThat(done.path("output").get(0).path("content").get(0).path("text").asText()).isEqualTo("Hello");
        assertThat(done.path("usage").path("output_tokens").asLong()).isEqualTo(2);
        assertThat(response.body()).doesNotContain("[DONE]");
    }
}
