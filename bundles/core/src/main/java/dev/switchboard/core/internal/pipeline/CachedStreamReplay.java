package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.core.api.StreamListener;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays a cached answer back as a stream, shaped like a provider's: per choice the role, the content with the
 * message's other fields in their streamed form and the choice's ({@code logprobs}), the finish reason; then
 * usage. Every chunk carries the answer's id, model, created and top-level fields ({@code system_fingerprint},
 * ...), so a replayed answer says what the provider said.
 */
final class CachedStreamReplay {

    private CachedStreamReplay() {
    }

    /** {@code status}: the {@link dev.switchboard.core.api.CacheStatus} of the level that answered. */
    static void replay(ChatResponse response, String status, boolean includeUsage, long startNanos,
                       StreamListener listener) {
        replay(response, StreamListener.CACHE, status, includeUsage, startNanos, listener);
    }

    /** {@code source}: the instance id and type {@code onStart} reports ({@link StreamListener#FALLBACK} too). */
    static void replay(ChatResponse response, String source, String status, boolean includeUsage, long startNanos,
                       StreamListener listener) {
        listener.onStart(source, source, status);
        String id = response.id();
        String model = response.model();
        long created = response.createdEpochSeconds();
        Map<String, Object> top = response.extensions();
        List<ChatChoice> choices = response.choices().isEmpty()
                ? List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, ""), "stop")) : response.choices();
        for (ChatChoice choice : choices) {
            ChatMessage message = choice.message();
            int index = choice.index();
            String role = message == null ? ChatMessage.ASSISTANT : message.role();
            listener.onChunk(new ChatChunk(id, model, index, role, "", null, null, Map.of(), Map.of(), top, created));
            String content = message == null ? null : message.content();
            Map<String, Object> delta = message == null ? Map.of() : streamed(message.extensions());
            if (content != null || !delta.isEmpty() || !choice.extensions().isEmpty()) {
                listener.onChunk(new ChatChunk(id, model, index, null, content, null, null, delta,
                        choice.extensions(), top, created));
            }
            String finish = choice.finishReason();
            listener.onChunk(new ChatChunk(id, model, index, null, null, finish == null ? "stop" : finish, null,
                    Map.of(), Map.of(), top, created));
        }
        if (includeUsage) {
            listener.onChunk(new ChatChunk(id, model, 0, null, null, null, response.usage(), Map.of(), Map.of(), top,
                    created));
        }
        listener.onComplete(new StreamListener.StreamSummary(response.usage(), BigDecimal.ZERO, System.nanoTime() - startNanos));
    }

    /** A message's fields as a delta carries them: each streamed tool call names its position ({@code index}). */
    private static Map<String, Object> streamed(Map<String, Object> fields) {
        Object calls = fields.get("tool_calls");
        if (!(calls instanceof List<?> list)) {
            return fields;
        }
        List<Object> indexed = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object call = list.get(i);
            if (call instanceof Map<?, ?> map && !map.containsKey("index")) {
                Map<String, Object> withIndex = new LinkedHashMap<>();
                withIndex.put("index", i);
                map.forEach((key, value) -> withIndex.put(String.valueOf(key), value));
                call = withIndex;
            }
            indexed.add(call);
        }
        Map<String, Object> delta = new LinkedHashMap<>(fields);
        delta.put("tool_calls", indexed);
        return delta;
    }
}
