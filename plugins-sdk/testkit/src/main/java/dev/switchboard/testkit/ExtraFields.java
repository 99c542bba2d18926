package dev.switchboard.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an upstream answered beyond text, finish reason and usage counts, which must reach the client unchanged:
 * each field at its level, under its OpenAI name, with its value (JSON values as Java objects: {@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}; numbers compare by value, so
 * {@code 1.50} equals {@code 1.5}), plus the cached and reasoning token counts. Returned by
 * {@link ProviderContractTest#scriptAnswerWithExtraFields(boolean)}.
 *
 * <pre>{@code
 * return ExtraFields.expected()
 *         .answer("system_fingerprint", "fp_44709d6fcb")      // ChatResponse.extensions / ChatChunk.chunkExtensions
 *         .choice("logprobs", ExtraFields.object("content", List.of()))  // ChatChoice / ChatChunk.choiceExtensions
 *         .message("refusal", null)                          // ChatMessage.extensions / ChatChunk.extensions
 *         .usage("prompt_tokens_details", ExtraFields.object("cached_tokens", 1920))
 *         .cachedPromptTokens(1920).reasoningTokens(192);
 * }</pre>
 * A field is found when any choice (any chunk, for a stream) carries it at its level with that value.
 */
public final class ExtraFields {

    private enum Level { ANSWER, CHOICE, MESSAGE, USAGE }

    private record Field(Level level, String name, Object value) {
    }

    private final List<Field> fields = new ArrayList<>();
    private Long cached;
    private Long cacheWrite;
    private Long reasoning;

    private ExtraFields() {
    }

    public static ExtraFields expected() {
        return new ExtraFields();
    }

    /** A JSON object in key order, nulls allowed: {@code object("a", 1, "b", null)}. */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /** A top-level field of the answer (and of the chunks). */
    public ExtraFields answer(String name, Object value) {
        fields.add(new Field(Level.ANSWER, name, value));
        return this;
    }

    /** A field of a choice, beside index, message or delta, and finish_reason. */
    public ExtraFields choice(String name, Object value) {
        fields.add(new Field(Level.CHOICE, name, value));
        return this;
    }

    /** A field of a choice's message (of a delta, for a stream) beside role and content. */
    public ExtraFields message(String name, Object value) {
        fields.add(new Field(Level.MESSAGE, name, value));
        return this;
    }

    /** A field of the usage object beside the three counts. */
    public ExtraFields usage(String name, Object value) {
        fields.add(new Field(Level.USAGE, name, value));
        return this;
    }

    public ExtraFields cachedPromptTokens(long tokens) {
        this.cached = tokens;
        return this;
    }

    public ExtraFields cacheWriteTokens(long tokens) {
        this.cacheWrite = tokens;
        return this;
    }

    public ExtraFields reasoningTokens(long tokens) {
        this.reasoning = tokens;
        return this;
    }

    void assertKeptBy(ChatResponse response) {
        for (Field field : fields) {
            List<Map<String, Object>> places = new ArrayList<>();
            switch (field.level) {
                case ANSWER -> places.add(response.extensions());
                case CHOICE -> response.choices().forEach(choice -> places.add(choice.extensions()));
                case MESSAGE -> {
                    for (ChatChoice choice : response.choices()) {
                        if (choice.message() != null) {
                            places.add(choice.message().extensions());
                        }
                    }
                }
                case USAGE -> places.add(response.usage().extensions());
            }
            assertFound(field, places);
        }
        assertCounts(response.usage());
    }

    void assertKeptBy(List<ChatChunk> chunks) {
        Usage usage = null;
        for (ChatChunk chunk : chunks) {
            usage = chunk.usage() == null ? usage : chunk.usage();
        }
        for (Field field : fields) {
            Function<ChatChunk, Map<String, Object>> level = switch (field.level) {
                case ANSWER -> ChatChunk::chunkExtensions;
                case CHOICE -> ChatChunk::choiceExtensions;
                case MESSAGE -> ChatChunk::extensions;
                case USAGE -> chunk -> chunk.usage() == null ? Map.of() : chunk.usage().extensions();
            };
            List<Map<String, Object>> places = new ArrayList<>();
            chunks.forEach(chunk -> places.add(level.apply(chunk)));
            assertFound(field, places);
        }
        if (cached != null || cacheWrite != null || reasoning != null) {
            if (usage == null) {
                fail("no chunk carried usage");
            }
            assertCounts(usage);
        }
    }

    private void assertCounts(Usage usage) {
        if (cached != null) {
            assertEquals("cached prompt tokens", (long) cached, usage.cachedPromptTokens());
        }
        if (cacheWrite != null) {
            assertEquals("cache write tokens", (long) cacheWrite, usage.cacheWriteTokens());
        }
        if (reasoning != null) {
            assertEquals("reasoning tokens", (long) reasoning, usage.reasoningTokens());
        }
    }

    private static void assertFound(Field field, List<Map<String, Object>> places) {
        String expected = canonical(field.value);
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> place : places) {
            if (place.containsKey(field.name)) {
                String actual = canonical(place.get(field.name));
                if (actual.equals(expected)) {
                    return;
                }
                seen.add(actual);
            }
        }
        fail(field.level.name().toLowerCase() + " field '" + field.name + "' did not reach the records unchanged: "
                + "expected " + expected + (seen.isEmpty() ? ", it is missing" : ", found " + seen));
    }

    /** A JSON-like rendering in which equal JSON values are equal strings (numbers by value, keys in order). */
    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        render(value, out);
        return out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            out.append(decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString());
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator).append('"').append(entry.getKey()).append("\":");
                render(entry.getValue(), out);
                separator = ",";
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            String separator = "";
            for (Object element : list) {
                out.append(separator);
                render(element, out);
                separator = ",";
            }
            out.append(']');
        } else if (value instanceof String text) {
            out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else {
            out.append(value);
        }
    }
}
