package dev.switchboard.provider.httptemplate.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.support.template.JsonTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A request body template, compiled once: JSON text with placeholders {@code {{model}}}, {@code {{messages}}},
 * {@code {{prompt}}}, {@code {{system}}}, {@code {{max_tokens}}}, {@code {{temperature}}}, {@code {{top_p}}},
 * {@code {{stream}}} and {@code {{env.VAR}}}. Substitution only, never evaluation: a placeholder outside a JSON
 * string becomes a JSON value ({@code null} when the request has none); inside a string it becomes that value's
 * text, JSON-escaped, so no request content can break out of its string. {@code env.*} values are read when the
 * template is compiled. The compiled template is checked to render valid JSON.
 */
final class HttpTemplateBody {

    /** The placeholders and a sample of each, for the check when the template is compiled. */
    private static final Map<String, Object> SAMPLES = samples();

    private final JsonTemplate template;

    private HttpTemplateBody(JsonTemplate template) {
        this.template = template;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: an unknown placeholder, an unset variable, a template
     *                                  that does not render JSON
     */
    static HttpTemplateBody compile(String template, UnaryOperator<String> environment) {
        return new HttpTemplateBody(JsonTemplate.compile(template, "request.template", SAMPLES, environment));
    }

    private static Map<String, Object> samples() {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("model", "model");
        samples.put("messages", new JsonTemplate.Raw("[{\"role\":\"user\",\"content\":\"u\\n{{x}}\"}]"));
        samples.put("prompt", "u\n{{x}}");
        samples.put("system", "s \"q\"");
        samples.put("max_tokens", 1);
        samples.put("temperature", 0.5);
        samples.put("top_p", 0.5);
        samples.put("stream", false);
        return java.util.Collections.unmodifiableMap(samples);
    }

    /** The body for {@code request}. */
    byte[] render(ChatRequest request, String model, boolean stream) {
        return template.render(name -> switch (name) {
            case "model" -> model;
            case "messages" -> new JsonTemplate.Raw(messages(request));
            case "prompt" -> prompt(request);
            case "system" -> system(request);
            case "max_tokens" -> request.maxTokens();
            case "temperature" -> request.temperature();
            case "top_p" -> request.topP();
            case "stream" -> stream;
            default -> null;
        });
    }

    /** The text of the last user message. */
    private static String prompt(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (ChatMessage.USER.equals(messages.get(i).role())) {
                return messages.get(i).content() == null ? "" : messages.get(i).content();
            }
        }
        return "";
    }

    /** The system messages' text, joined by blank lines. */
    private static String system(ChatRequest request) {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : request.messages()) {
            if (ChatMessage.SYSTEM.equals(message.role()) && message.content() != null) {
                if (text.length() > 0) {
                    text.append("\n\n");
                }
                text.append(message.content());
            }
        }
        return text.toString();
    }

    /** {@code [{"role": ..., "content": ...}, ...]}: the messages as plain text. */
    private static String messages(ChatRequest request) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (ChatMessage message : request.messages()) {
                g.writeStartObject();
                g.writeStringField("role", message.role());
                g.writeStringField("content", message.content() == null ? "" : message.content());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
