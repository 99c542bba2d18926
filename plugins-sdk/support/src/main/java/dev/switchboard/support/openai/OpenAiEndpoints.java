package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.GeneratedImage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.support.json.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pure translation between the API's records and OpenAI's wire format for the endpoints beyond chat
 * (embeddings, images, legacy completions, speech, transcriptions), for every provider that speaks it (OpenAI,
 * Azure OpenAI's deployments and {@code /openai/v1}, OpenAI-compatible servers); no HTTP here. Extensions go upstream
 * under their own names, after the fields written here.
 */
public final class OpenAiEndpoints {

    private OpenAiEndpoints() {
    }

    public static byte[] embeddingsBody(EmbeddingsRequest request) {
        return embeddingsBody(request, false);
    }

    /**
     * The body of {@code POST /embeddings}. {@code base64}: the upstream is asked for base64 vectors (OpenAI, Azure
     * OpenAI): decoding them costs next to nothing, where parsing ~1500 decimal numbers a vector was most of what
     * an embeddings call cost the gateway; the client still gets the format it asked for. Off for servers that may
     * know only floats (llama.cpp, some OpenAI-compatible ones).
     */
    public static byte[] embeddingsBody(EmbeddingsRequest request, boolean base64) {
        return json(g -> {
            Set<String> written = new HashSet<>(Set.of("model", "input", "encoding_format"));
            g.writeStringField("model", request.model());
            g.writeArrayFieldStart("input");
            for (String text : request.input()) {
                g.writeString(text);
            }
            g.writeEndArray();
            // whatever the client asked: the gateway writes the client's format itself
            g.writeStringField("encoding_format", base64 ? "base64" : "float");
            if (request.dimensions() != null) {
                g.writeNumberField("dimensions", request.dimensions());
                written.add("dimensions");
            }
            if (request.user() != null) {
                g.writeStringField("user", request.user());
                written.add("user");
            }
            extensions(g, request.extensions(), written);
        });
    }

    /** Streams over the answer: one float array per {@code data[].embedding} (a float list or base64). */
    public static EmbeddingsResponse readEmbeddings(byte[] body) throws IOException {
        List<float[]> vectors = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        String model = null;
        long prompt = 0;
        long total = 0;
        try (JsonParser p = JsonValues.FACTORY.createParser(body)) {
            // a vector is ~1500 numbers: the fast parser halves what reading them costs
            p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "data" -> {
                        expect(value, JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            int index = vectors.size();
                            float[] vector = null;
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String name = p.currentName();
                                JsonToken token = p.nextToken();
                                if ("embedding".equals(name)) {
                                    vector = token == JsonToken.VALUE_STRING ? fromBase64(p.getText()) : floats(p);
                                } else if ("index".equals(name) && token == JsonToken.VALUE_NUMBER_INT) {
                                    index = p.getIntValue();
                                } else {
                                    p.skipChildren();
                                }
                            }
                            if (vector == null) {
                                throw new IOException("an embedding without a vector");
                            }
                            vectors.add(vector);
                            indexes.add(index);
                        }
                    }
                    case "usage" -> {
                        Object usage = JsonValues.read(p);
                        if (usage instanceof Map<?, ?> map) {
                            prompt = number(map.get("prompt_tokens"));
                            total = number(map.get("total_tokens"));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        }
        // answers are in input order by index; a provider may list them otherwise
        float[][] ordered = new float[vectors.size()][];
        for (int i = 0; i < vectors.size(); i++) {
            int index = indexes.get(i);
            if (index < 0 || index >= ordered.length || ordered[index] != null) {
                throw new IOException("embedding indexes are not 0.." + (ordered.length - 1));
            }
            ordered[index] = vectors.get(i);
        }
        return new EmbeddingsResponse(model, List.of(ordered), new Usage(prompt, Math.max(0, total - prompt)));
    }

    private static float[] floats(JsonParser p) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        float[] values = new float[256];
        int count = 0;
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw new IOException("an embedding holds a non-number");
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = p.getFloatValue();
        }
        return java.util.Arrays.copyOf(values, count);
    }

    private static float[] fromBase64(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }

    public static byte[] imagesBody(ImageRequest request) {
        return json(g -> {
            Set<String> written = new HashSet<>(Set.of("model", "prompt"));
            g.writeStringField("model", request.model());
            g.writeStringField("prompt", request.prompt());
            if (request.n() != null) {
                g.writeNumberField("n", request.n());
                written.add("n");
            }
            optional(g, "size", request.size(), written);
            optional(g, "quality", request.quality(), written);
            optional(g, "response_format", request.responseFormat(), written);
            optional(g, "user", request.user(), written);
            extensions(g, request.extensions(), written);
        });
    }

    public static ImageResponse readImages(byte[] body) throws IOException {
        Map<?, ?> answer = object(body);
        List<GeneratedImage> images = new ArrayList<>();
        if (answer.get("data") instanceof List<?> data) {
            for (Object element : data) {
                if (element instanceof Map<?, ?> image) {
                    images.add(new GeneratedImage(text(image.get("b64_json")), text(image.get("url")),
                            text(image.get("revised_prompt"))));
                }
            }
        }
        Usage usage = Usage.NONE;
        if (answer.get("usage") instanceof Map<?, ?> map) {
            usage = new Usage(number(map.get("input_tokens")), number(map.get("output_tokens")));
        }
        return new ImageResponse(number(answer.get("created")), images, usage);
    }

    public static byte[] completionsBody(CompletionRequest request) {
        return completionsBody(request, false);
    }

    /**
     * The body of a legacy completion; streamed, it asks for the usage chunk ({@code stream_options.include_usage})
     * unless the client's own {@code stream_options} go upstream, so the gateway can account the tokens.
     */
    public static byte[] completionsBody(CompletionRequest request, boolean stream) {
        return json(g -> {
            Set<String> written = new HashSet<>(Set.of("model", "prompt", "stream"));
            g.writeStringField("model", request.model());
            if (stream) {
                g.writeBooleanField("stream", true);
                if (!request.extensions().containsKey("stream_options")) {
                    g.writeObjectFieldStart("stream_options");
                    g.writeBooleanField("include_usage", true);
                    g.writeEndObject();
                }
            } else {
                written.add("stream_options");
            }
            if (request.prompt().size() == 1) {
                g.writeStringField("prompt", request.prompt().get(0));
            } else {
                g.writeArrayFieldStart("prompt");
                for (String prompt : request.prompt()) {
                    g.writeString(prompt);
                }
                g.writeEndArray();
            }
            if (request.maxTokens() != null) {
                g.writeNumberField("max_tokens", request.maxTokens());
                written.add("max_tokens");
            }
            if (request.temperature() != null) {
                g.writeNumberField("temperature", request.temperature());
                written.add("temperature");
            }
            if (request.topP() != null) {
                g.writeNumberField("top_p", request.topP());
                written.add("top_p");
            }
            if (request.n() != null) {
                g.writeNumberField("n", request.n());
                written.add("n");
            }
            if (!request.stop().isEmpty()) {
                g.writeFieldName("stop");
                JsonValues.write(g, request.stop());
                written.add("stop");
            }
            if (request.seed() != null) {
                g.writeNumberField("seed", request.seed());
                written.add("seed");
            }
            optional(g, "user", request.user(), written);
            extensions(g, request.extensions(), written);
        });
    }

    public static TextCompletion readCompletion(byte[] body) throws IOException {
        Map<?, ?> answer = object(body);
        return new TextCompletion(text(answer.get("id")), text(answer.get("model")), number(answer.get("created")),
                completionChoices(answer), completionUsage(answer));
    }

    /** One event of a streamed legacy completion ({@code text_completion} chunk). */
    public static CompletionChunk readCompletionChunk(String data) throws IOException {
        Map<?, ?> chunk = object(data.getBytes(StandardCharsets.UTF_8));
        return new CompletionChunk(text(chunk.get("id")), text(chunk.get("model")), number(chunk.get("created")),
                completionChoices(chunk), chunk.get("usage") instanceof Map<?, ?> ? completionUsage(chunk) : null);
    }

    private static List<CompletionChoice> completionChoices(Map<?, ?> answer) {
        List<CompletionChoice> choices = new ArrayList<>();
        if (answer.get("choices") instanceof List<?> list) {
            for (Object element : list) {
                if (element instanceof Map<?, ?> choice) {
                    choices.add(new CompletionChoice((int) number(choice.get("index")), text(choice.get("text")),
                            text(choice.get("finish_reason")), choiceExtra(choice)));
                }
            }
        }
        return choices;
    }

    /**
     * A completion choice's fields beyond index, text and finish reason ({@code logprobs}, Azure's
     * {@code content_filter_results}, ...), in their order, JSON nulls kept: they reach the client unchanged.
     */
    private static Map<String, Object> choiceExtra(Map<?, ?> choice) {
        if (choice.size() <= 3 && choice.containsKey("index") && choice.containsKey("text")
                && choice.containsKey("finish_reason")) {
            return Map.of();
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        choice.forEach((key, value) -> {
            if (!"index".equals(key) && !"text".equals(key) && !"finish_reason".equals(key)) {
                extra.put(String.valueOf(key), value);
            }
        });
        return extra;
    }

    private static Usage completionUsage(Map<?, ?> answer) {
        Usage usage = Usage.NONE;
        if (answer.get("usage") instanceof Map<?, ?> map) {
            usage = new Usage(number(map.get("prompt_tokens")), number(map.get("completion_tokens")));
        }
        return usage;
    }

    public static byte[] speechBody(SpeechRequest request) {
        return json(g -> {
            Set<String> written = new HashSet<>(Set.of("model", "input", "voice"));
            g.writeStringField("model", request.model());
            g.writeStringField("input", request.input());
            g.writeStringField("voice", request.voice());
            optional(g, "response_format", request.responseFormat(), written);
            if (request.speed() != null) {
                g.writeNumberField("speed", request.speed());
                written.add("speed");
            }
            extensions(g, request.extensions(), written);
        });
    }

    /** A {@code multipart/form-data} upload: the body and its content type (with the boundary). */
    public record Upload(byte[] body, String contentType) {
    }

    public static Upload transcriptionBody(TranscriptionRequest request) {
        String boundary = "switchboard" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.file().length + 1024);
        field(out, boundary, "model", request.model());
        if (request.language() != null) {
            field(out, boundary, "language", request.language());
        }
        if (request.prompt() != null) {
            field(out, boundary, "prompt", request.prompt());
        }
        if (request.responseFormat() != null) {
            field(out, boundary, "response_format", request.responseFormat());
        }
        if (request.temperature() != null) {
            field(out, boundary, "temperature", request.temperature().toString());
        }
        for (Map.Entry<String, Object> extension : request.extensions().entrySet()) {
            if (extension.getValue() != null) {
                field(out, boundary, extension.getKey(), extension.getValue().toString());
            }
        }
        String name = request.fileName().replace("\"", "").replace("\r", "").replace("\n", "");
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + (request.fileContentType() == null ? "application/octet-stream"
                : request.fileContentType().replace("\r", "").replace("\n", "")) + "\r\n\r\n");
        out.writeBytes(request.file());
        write(out, "\r\n--" + boundary + "--\r\n");
        return new Upload(out.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static void field(ByteArrayOutputStream out, String boundary, String name, String value) {
        write(out, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name.replace("\"", "")
                + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The answer as OpenAI wrote it, with the audio length when it says (verbose_json's {@code duration}, or
     * {@code usage.seconds}) and tokens when it reports them ({@code usage.input_tokens}).
     */
    public static Transcription readTranscription(TranscriptionRequest request, byte[] body, String contentType) {
        double seconds = 0;
        Usage usage = Usage.NONE;
        String format = request.format();
        if (format.equals("json") || format.equals("verbose_json")) {
            try {
                Map<?, ?> answer = object(body);
                if (answer.get("duration") instanceof Number duration) {
                    seconds = duration.doubleValue();
                }
                if (answer.get("usage") instanceof Map<?, ?> map) {
                    if (map.get("seconds") instanceof Number duration) {
                        seconds = duration.doubleValue();
                    }
                    usage = new Usage(number(map.get("input_tokens")), number(map.get("output_tokens")));
                }
            } catch (IOException | RuntimeException e) {
                // an answer we cannot read is still the client's answer; it is only not priced by length
            }
        }
        String type = contentType != null ? contentType
                : format.equals("json") || format.equals("verbose_json") ? "application/json" : "text/plain";
        return new Transcription(type, body, seconds, usage);
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void optional(JsonGenerator g, String name, String value, Set<String> written)
            throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
            written.add(name);
        }
    }

    private static void extensions(JsonGenerator g, Map<String, Object> extensions, Set<String> written)
            throws IOException {
        for (Map.Entry<String, Object> extension : extensions.entrySet()) {
            if (written.add(extension.getKey())) {
                g.writeFieldName(extension.getKey());
                JsonValues.write(g, extension.getValue());
            }
        }
    }

    private static Map<?, ?> object(byte[] body) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(body)) {
            p.nextToken();
            Object value = JsonValues.read(p);
            if (value instanceof Map<?, ?> map) {
                return map;
            }
            throw new IOException("the answer is not a JSON object");
        }
    }

    private static void expect(JsonToken token, JsonToken expected) throws IOException {
        if (token != expected) {
            throw new IOException("expected " + expected + " but got " + token);
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
