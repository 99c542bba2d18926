package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The Responses API passed through (an upstream that has {@code POST /responses} itself): the client's body goes
 * up as it came, but for {@code model}; the answer and each streamed event come back as the upstream sent them,
 * and only the usage is read out of them for accounting ({@code usage.input_tokens}, {@code output_tokens},
 * {@code input_tokens_details.cached_tokens}, {@code output_tokens_details.reasoning_tokens}). No HTTP here.
 */
public final class OpenAiResponses {

    /** The stream events that carry the finished response, with its usage. */
    private static final String COMPLETED = "response.completed";
    private static final String INCOMPLETE = "response.incomplete";

    private OpenAiResponses() {
    }

    /** The client's body with {@code model} as the upstream names it, every other field in its order. */
    public static byte[] requestBody(ResponsesRequest request) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            for (Map.Entry<String, Object> field : request.body().entrySet()) {
                if (!"model".equals(field.getKey())) {
                    g.writeFieldName(field.getKey());
                    JsonValues.write(g, field.getValue());
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The usage of a response object's JSON ({@code Usage.NONE} when it reports none). */
    public static Usage usageOf(byte[] response) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(response)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("usage".equals(field)) {
                    return usage(JsonValues.read(p));
                }
                p.skipChildren();
            }
        }
        return Usage.NONE;
    }

    /**
     * The usage a stream event reports: {@code response.completed} and {@code response.incomplete} carry the
     * response with its usage; other events report none ({@code null}) and are not parsed at all.
     */
    public static Usage usageOfEvent(String event, String data) {
        if (!COMPLETED.equals(event) && !INCOMPLETE.equals(event)) {
            return null;
        }
        try (JsonParser p = JsonValues.FACTORY.createParser(data.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            if (JsonValues.read(p) instanceof Map<?, ?> map && map.get("response") instanceof Map<?, ?> response) {
                return usage(response.get("usage"));
            }
        } catch (IOException | RuntimeException e) {
            // the event still reaches the client as sent; only its tokens go unaccounted (estimated)
        }
        return null;
    }

    private static Usage usage(Object value) {
        if (!(value instanceof Map<?, ?> usage)) {
            return Usage.NONE;
        }
        long cached = usage.get("input_tokens_details") instanceof Map<?, ?> details ? number(details.get("cached_tokens")) : 0;
        long reasoning = usage.get("output_tokens_details") instanceof Map<?, ?> details
                ? number(details.get("reasoning_tokens")) : 0;
        long input = number(usage.get("input_tokens"));
        long output = number(usage.get("output_tokens"));
        return new Usage(input, output, Math.min(cached, input), 0, Math.min(reasoning, output), Map.of());
    }

    private static long number(Object value) {
        return value instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}
