package dev.switchboard.provider.httptemplate.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

    enum Field { MODEL, MESSAGES, PROMPT, SYSTEM, MAX_TOKENS, TEMPERATURE, TOP_P, STREAM }

    /** A literal piece, or a field written as a JSON value or inside a string. */
    private record Segment(String literal, Field field, boolean inString) {
    }

    private final List<Segment> segments;

    private HttpTemplateBody(List<Segment> segments) {
        this.segments = segments;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong: an unknown placeholder, an unset variable, a template
     *                                  that does not render JSON
     */
    static HttpTemplateBody compile(String template, UnaryOperator<String> environment) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("request.template is required");
        }
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && template.startsWith("{{", i)) {
                int end = template.indexOf("}}", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("request.template has an unclosed {{ at " + i);
                }
                String name = template.substring(i + 2, end).trim();
                if (name.startsWith("env.")) {
                    String variable = name.substring(4);
                    String value = environment.apply(variable);
                    if (value == null) {
                        throw new IllegalArgumentException("request.template uses {{env." + variable + "}}, which is not set");
                    }
                    literal.append(inString ? escape(value) : "\"" + escape(value) + "\"");
                } else {
                    Field field = field(name);
                    if (literal.length() > 0) {
                        segments.add(new Segment(literal.toString(), null, false));
                        literal.setLength(0);
                    }
                    segments.add(new Segment(null, field, inString));
                }
                i = end + 2;
                continue;
            }
            if (c == '"') {
                inString = !inString;
            } else if (c == '\\' && inString && i + 1 < template.length()) {
                literal.append(c).append(template.charAt(i + 1));
                i += 2;
                continue;
            }
            literal.append(c);
            i++;
        }
        if (literal.length() > 0) {
            segments.add(new Segment(literal.toString(), null, false));
        }
        HttpTemplateBody body = new HttpTemplateBody(List.copyOf(segments));
        body.check();
        return body;
    }

    private static Field field(String name) {
        try {
            return Field.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("request.template has an unknown placeholder {{" + name + "}}; known: "
                    + "model, messages, prompt, system, max_tokens, temperature, top_p, stream, env.NAME");
        }
    }

    /** The body for {@code request}. */
    byte[] render(ChatRequest request, String model, boolean stream) {
        StringBuilder out = new StringBuilder(256);
        for (Segment segment : segments) {
            if (segment.literal() != null) {
                out.append(segment.literal());
            } else if (segment.inString()) {
                out.append(escape(text(segment.field(), request, model, stream)));
            } else {
                out.append(json(segment.field(), request, model, stream));
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Field field, ChatRequest request, String model, boolean stream) {
        return switch (field) {
            case MODEL -> model;
            case PROMPT -> prompt(request);
            case SYSTEM -> system(request);
            case MESSAGES -> messages(request);
            case MAX_TOKENS -> request.maxTokens() == null ? "" : request.maxTokens().toString();
            case TEMPERATURE -> request.temperature() == null ? "" : request.temperature().toString();
            case TOP_P -> request.topP() == null ? "" : request.topP().toString();
            case STREAM -> Boolean.toString(stream);
        };
    }

    private static String json(Field field, ChatRequest request, String model, boolean stream) {
        return switch (field) {
            case MODEL -> quote(model);
            case PROMPT -> quote(prompt(request));
            case SYSTEM -> quote(system(request));
            case MESSAGES -> messages(request);
            case MAX_TOKENS -> request.maxTokens() == null ? "null" : request.maxTokens().toString();
            case TEMPERATURE -> request.temperature() == null ? "null" : request.temperature().toString();
            case TOP_P -> request.topP() == null ? "null" : request.topP().toString();
            case STREAM -> Boolean.toString(stream);
        };
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

    private static String quote(String text) {
        return "\"" + escape(text) + "\"";
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text));
    }

    /** Renders a sample request and parses it: a template that cannot make JSON fails now, not per call. */
    private void check() {
        ChatRequest sample = ChatRequest.builder("model", List.of(ChatMessage.of(ChatMessage.SYSTEM, "s \"q\""),
                ChatMessage.of(ChatMessage.USER, "u\n{{x}}"))).maxTokens(1).temperature(0.5).topP(0.5).build();
        ChatRequest bare = ChatRequest.builder("model", List.of(ChatMessage.of(ChatMessage.ASSISTANT, ""))).build();
        for (ChatRequest request : List.of(sample, bare)) {
            byte[] json = render(request, request.model(), false);
            try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
                p.nextToken();
                JsonValues.read(p);
                if (p.nextToken() != null) {
                    throw new IOException("more than one JSON value");
                }
            } catch (IOException | RuntimeException e) {
                // the parser's own words without the excerpt it quotes, which may hold an {{env.*}} secret
                String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException parse
                        ? parse.getOriginalMessage() : e.getClass().getSimpleName();
                throw new IllegalArgumentException("request.template does not render valid JSON: "
                        + (why.length() > 120 ? why.substring(0, 120) : why));
            }
        }
    }
}
