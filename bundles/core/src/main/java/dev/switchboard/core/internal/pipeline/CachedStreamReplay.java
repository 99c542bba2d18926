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
 * ...), so a replayed answer says what the provider said. The content is cut at word boundaries into a few
 * chunks ({@link #pieceEnd}), written back to back.
 */
final class CachedStreamReplay {

    /** At most this many content chunks per choice; a replay is a handful of writes, never one per word. */
    static final int MAX_PIECES = 16;
    /** Pieces are not cut shorter than this (a short answer is one or two chunks). */
    static final int MIN_PIECE_CHARS = 16;

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
                // the first piece carries the message's other fields and the choice's, as a provider's first does
                int end = pieceEnd(content, 0);
                String first = content == null ? null : content.substring(0, end);
                listener.onChunk(new ChatChunk(id, model, index, null, first, null, null, delta, choice.extensions(),
                        top, created));
                for (int from = end; content != null && from < content.length(); from = end) {
                    end = pieceEnd(content, from);
                    listener.onChunk(new ChatChunk(id, model, index, null, content.substring(from, end), null, null,
                            Map.of(), Map.of(), top, created));
                }
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

    /**
     * Where the content piece starting at {@code from} ends: after the first whitespace at least a piece's length
     * on ({@link #MAX_PIECES} pieces of the text at most, none shorter than {@link #MIN_PIECE_CHARS} but the last),
     * so a client sees a stream's shape, words arriving in several chunks; they are sent back to back (no timer:
     * the answer is there, and the first chunk goes at once). The pieces together are the content exactly.
     */
    static int pieceEnd(String content, int from) {
        if (content == null) {
            return 0;
        }
        int length = content.length();
        int piece = Math.max(MIN_PIECE_CHARS, (length + MAX_PIECES - 1) / MAX_PIECES);
        if (length - from <= piece) {
            return length;
        }
        for (int at = from + piece; at < length; at++) {
            if (Character.isWhitespace(content.charAt(at))) {
                return at + 1;
            }
        }
        return length;
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
