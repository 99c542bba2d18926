package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The legacy {@code POST /v1/completions}: the body in, OpenAI's {@code text_completion} out. */
public final class CompletionsJson {

    private static final Set<String> KNOWN = Set.of("model", "prompt", "max_tokens", "temperature", "top_p", "n",
            "stop", "seed", "user", "stream");

    private CompletionsJson() {
    }

    /**
     * A request as read: streamed or not, and whether a stream's last chunk (the usage) reaches the client (it
     * asked with {@code stream_options.include_usage}; the gateway asks the upstream for it anyway, to account).
     */
    public record Read(CompletionRequest request, boolean stream, boolean includeUsage) {
    }

    public static CompletionRequest read(byte[] body, int length) throws IOException {
        return readRequest(body, length).request();
    }

    public static Read readRequest(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model' and a 'prompt'");
        String model = fields.requiredString("model");
        boolean stream = fields.bool("stream");
        JsonNode options = fields.node("stream_options");
        boolean includeUsage = stream && options != null && options.path("include_usage").asBoolean(false);
        if (fields.node("prompt") != null && fields.node("prompt").isArray() && fields.node("prompt").size() > 0
                && !fields.node("prompt").get(0).isTextual()) {
            throw GatewayException.invalidRequest("prompt", "Token arrays as 'prompt' are not supported by this "
                    + "gateway; send the text.");
        }
        List<String> prompt = fields.strings("prompt");
        return new Read(new CompletionRequest(model, prompt == null ? List.of("") : prompt,
                fields.integer("max_tokens", 0, Integer.MAX_VALUE), fields.decimal("temperature", 0, 2),
                fields.decimal("top_p", 0, 1), fields.integer("n", 1, 128), fields.strings("stop"),
                fields.longValue("seed"), fields.string("user"), fields.extensions(KNOWN)), stream, includeUsage);
    }

    /**
     * One event of a streamed completion in OpenAI's {@code text_completion} chunk shape ({@code data: {...}}); the
     * usage chunk only when the client asked for it ({@code includeUsage}), nothing otherwise.
     */
    public static void writeChunk(CompletionChunk chunk, String model, boolean includeUsage, OutputStream out)
            throws IOException {
        if (chunk.choices().isEmpty() && (chunk.usage() == null || !includeUsage)) {
            return;
        }
        out.write(DATA);
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", chunk.id());
            gen.writeStringField("object", "text_completion");
            gen.writeNumberField("created", chunk.createdEpochSeconds());
            gen.writeArrayFieldStart("choices");
            for (CompletionChoice choice : chunk.choices()) {
                gen.writeStartObject();
                gen.writeStringField("text", choice.text() == null ? "" : choice.text());
                gen.writeNumberField("index", choice.index());
                writeChoiceFields(gen, choice);
                gen.writeStringField("finish_reason", choice.finishReason());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeStringField("model", chunk.model() == null ? model : chunk.model());
            if (chunk.usage() != null && includeUsage) {
                ChatCompletionWriter.writeUsage(gen, chunk.usage());
            }
            gen.writeEndObject();
        }
        out.write(END);
    }

    /**
     * A choice's other fields as the provider answered them ({@code logprobs}, {@code content_filter_results}, ...);
     * {@code logprobs} is always there, {@code null} when the provider sent none, as OpenAI writes it.
     */
    private static void writeChoiceFields(JsonGenerator gen, CompletionChoice choice) throws IOException {
        Map<String, Object> extensions = choice.extensions();
        if (!extensions.containsKey("logprobs")) {
            gen.writeNullField("logprobs");
        }
        ChatCompletionWriter.writeExtensions(gen, extensions, ChatCompletionWriter.Level.TEXT_CHOICE);
    }

    /** The event that ends a stream, as OpenAI ends it. */
    public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    public static void write(TextCompletion completion, String model, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", completion.id());
            gen.writeStringField("object", "text_completion");
            gen.writeNumberField("created", completion.createdEpochSeconds());
            gen.writeStringField("model", completion.model() == null ? model : completion.model());
            gen.writeArrayFieldStart("choices");
            for (CompletionChoice choice : completion.choices()) {
                gen.writeStartObject();
                gen.writeStringField("text", choice.text());
                gen.writeNumberField("index", choice.index());
                writeChoiceFields(gen, choice);
                gen.writeStringField("finish_reason", choice.finishReason());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            ChatCompletionWriter.writeUsage(gen, completion.usage());
            gen.writeEndObject();
        }
    }
}
