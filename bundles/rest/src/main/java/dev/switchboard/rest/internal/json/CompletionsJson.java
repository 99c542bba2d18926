package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/** The legacy {@code POST /v1/completions}: the body in, OpenAI's {@code text_completion} out. */
public final class CompletionsJson {

    private static final Set<String> KNOWN = Set.of("model", "prompt", "max_tokens", "temperature", "top_p", "n",
            "stop", "seed", "user", "stream");

    private CompletionsJson() {
    }

    public static CompletionRequest read(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model' and a 'prompt'");
        String model = fields.requiredString("model");
        if (fields.bool("stream")) {
            throw GatewayException.invalidRequest("stream", "Streaming is not supported on /v1/completions by this "
                    + "gateway; use /v1/chat/completions or /v1/responses to stream.");
        }
        if (fields.node("prompt") != null && fields.node("prompt").isArray() && fields.node("prompt").size() > 0
                && !fields.node("prompt").get(0).isTextual()) {
            throw GatewayException.invalidRequest("prompt", "Token arrays as 'prompt' are not supported by this "
                    + "gateway; send the text.");
        }
        List<String> prompt = fields.strings("prompt");
        return new CompletionRequest(model, prompt == null ? List.of("") : prompt,
                fields.integer("max_tokens", 0, Integer.MAX_VALUE), fields.decimal("temperature", 0, 2),
                fields.decimal("top_p", 0, 1), fields.integer("n", 1, 128), fields.strings("stop"),
                fields.longValue("seed"), fields.string("user"), fields.extensions(KNOWN));
    }

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
                gen.writeNullField("logprobs");
                gen.writeStringField("finish_reason", choice.finishReason());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            ChatCompletionWriter.writeUsage(gen, completion.usage());
            gen.writeEndObject();
        }
    }
}
