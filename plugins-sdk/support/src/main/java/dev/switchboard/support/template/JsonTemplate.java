package dev.switchboard.support.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A JSON body template, compiled once: JSON text with {@code {{name}}} placeholders for the names its user knows,
 * and {@code {{env.VAR}}} read when it is compiled. Substitution only, never evaluation: a placeholder outside a
 * JSON string becomes a JSON value (a string quoted, a number or boolean as written, {@code null} when absent, a
 * {@link Raw} value as its JSON); inside a string it becomes the value's text, JSON-escaped, so no value can break
 * out of its string. The template is checked to render valid JSON with sample values and with every value absent.
 */
public final class JsonTemplate {

    /** A value that is already JSON (a structure built by the caller), written as it is outside a string. */
    public record Raw(String json) {
    }

    /** A literal piece, or a named value written as a JSON value or inside a string. */
    private record Segment(String literal, String name, boolean inString) {
    }

    private final List<Segment> segments;

    private JsonTemplate(List<Segment> segments) {
        this.segments = segments;
    }

    /**
     * @param key     the configuration key, named in every message
     * @param samples every known placeholder name with a sample value (for the check)
     * @throws IllegalArgumentException naming what is wrong: an unknown placeholder, an unset variable, a template
     *                                  that does not render JSON; never quoting a variable's value
     */
    public static JsonTemplate compile(String template, String key, Map<String, Object> samples,
                                       UnaryOperator<String> environment) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
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
                    throw new IllegalArgumentException(key + " has an unclosed {{ at " + i);
                }
                String name = template.substring(i + 2, end).trim();
                if (name.startsWith("env.")) {
                    String variable = name.substring(4);
                    String value = environment.apply(variable);
                    if (value == null) {
                        throw new IllegalArgumentException(key + " uses {{env." + variable + "}}, which is not set");
                    }
                    literal.append(inString ? escape(value) : "\"" + escape(value) + "\"");
                } else {
                    if (!samples.containsKey(name)) {
                        throw new IllegalArgumentException(key + " has an unknown placeholder {{" + name + "}}; known: "
                                + String.join(", ", samples.keySet()) + ", env.NAME");
                    }
                    if (literal.length() > 0) {
                        segments.add(new Segment(literal.toString(), null, false));
                        literal.setLength(0);
                    }
                    segments.add(new Segment(null, name, inString));
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
        JsonTemplate compiled = new JsonTemplate(List.copyOf(segments));
        compiled.check(key, samples);
        return compiled;
    }

    /** The body, each placeholder's value from {@code values} ({@code null}: absent). */
    public byte[] render(Function<String, Object> values) {
        StringBuilder out = new StringBuilder(256);
        for (Segment segment : segments) {
            if (segment.literal() != null) {
                out.append(segment.literal());
                continue;
            }
            Object value = values.apply(segment.name());
            if (segment.inString()) {
                out.append(escape(value instanceof Raw raw ? raw.json() : value == null ? "" : value.toString()));
            } else if (value == null) {
                out.append("null");
            } else if (value instanceof Raw raw) {
                out.append(raw.json());
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                out.append('"').append(escape(value.toString())).append('"');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** Renders the samples and all-absent values and parses them: a template that cannot make JSON fails now. */
    private void check(String key, Map<String, Object> samples) {
        List<Function<String, Object>> renderings = List.of(samples::get, name -> null);
        for (Function<String, Object> values : renderings) {
            byte[] json = render(values);
            try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
                p.nextToken();
                JsonValues.read(p);
                if (p.nextToken() != null) {
                    throw new IOException("more than one JSON value");
                }
            } catch (IOException | RuntimeException e) {
                // the parser's own words without the excerpt it quotes, which may hold an {{env.*}} secret
                String why = e instanceof JsonProcessingException parse ? parse.getOriginalMessage()
                        : e.getClass().getSimpleName();
                throw new IllegalArgumentException(key + " does not render valid JSON: "
                        + (why.length() > 120 ? why.substring(0, 120) : why));
            }
        }
    }
}
