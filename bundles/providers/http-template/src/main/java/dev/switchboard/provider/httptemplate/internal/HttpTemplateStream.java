package dev.switchboard.provider.httptemplate.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.LineStreamListener;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.SseStreamListener;
import dev.switchboard.support.provider.ChunkStream;
import dev.switchboard.support.sse.SseEvent;
import java.io.IOException;
import java.util.concurrent.Flow;
import org.eclipse.jetty.http.HttpFields;

/**
 * One streamed chat from an API that streams SSE or NDJSON: each event's text (by {@code stream.text}) is a
 * chunk as it arrives, after the role; the finish reason and token counts are remembered from whichever events
 * carry them and sent, in that order, when the stream ends ({@code stream.done}, or the body's end).
 */
final class HttpTemplateStream implements SseStreamListener, LineStreamListener {

    private final ChunkStream out;
    private final HttpTemplateSettings settings;
    private final String model;
    private final String[] secrets;
    private final String id = HttpTemplateMapping.newId();
    private boolean started;
    private String finishReason;
    private long promptTokens = -1;
    private long completionTokens = -1;
    private boolean ended;

    HttpTemplateStream(Flow.Subscriber<? super ChatChunk> subscriber, HttpTemplateSettings settings, String model,
                       String[] secrets) {
        this.out = new ChunkStream(subscriber);
        this.settings = settings;
        this.model = model;
        this.secrets = secrets;
    }

    ChunkStream out() {
        return out;
    }

    @Override
    public void onOpen(int status, HttpFields headers) {
        // both listener interfaces offer it; nothing to do when the stream begins
    }

    @Override
    public void onEvent(SseEvent event) {
        onData(event.data());
    }

    @Override
    public void onLine(String line) {
        onData(line);
    }

    private void onData(String data) {
        if (out.isDone() || ended) {
            return;
        }
        if (settings.doneData() != null && settings.doneData().equals(data.trim())) {
            end();
            return;
        }
        Object event;
        try {
            event = HttpTemplateMapping.read(data);
        } catch (IOException e) {
            throw new ProviderException(ErrorCode.INTERNAL, HttpTemplateProvider.TYPE + ": unreadable stream event ("
                    + e.getClass().getSimpleName() + ")", true, null, 200, null);
        }
        Object error = settings.streamErrorPointer() == null ? null : settings.streamErrorPointer().find(event);
        if (error != null) {
            throw new ProviderException(ErrorCode.UNAVAILABLE, HttpTemplateProvider.TYPE + " stream error: "
                    + Redaction.redact(String.valueOf(error), 300, secrets), true, null, 200, null);
        }
        HttpTemplateSettings.Answer pointers = settings.event();
        String text = pointers.text().findText(event);
        if (text != null && !text.isEmpty()) {
            role();
            out.next(new ChatChunk(id, model, 0, null, text, null, null));
        }
        if (pointers.finishReason() != null) {
            String finish = pointers.finishReason().findText(event);
            if (finish != null) {
                finishReason = settings.finishReason(finish);
            }
        }
        if (pointers.promptTokens() != null) {
            promptTokens = Math.max(promptTokens, pointers.promptTokens().findCount(event));
        }
        if (pointers.completionTokens() != null) {
            completionTokens = Math.max(completionTokens, pointers.completionTokens().findCount(event));
        }
        if (settings.donePointer() != null && isSet(settings.donePointer().find(event))) {
            end();
        }
    }

    /** {@code "done": true}, or a value that only the last event has ({@code "finish_reason": "eos_token"}). */
    private static boolean isSet(Object value) {
        return Boolean.TRUE.equals(value) || value instanceof String text && !text.isEmpty();
    }

    private void role() {
        if (!started) {
            started = true;
            out.next(new ChatChunk(id, model, 0, ChatMessage.ASSISTANT, "", null, null));
        }
    }

    private void end() {
        ended = true;
        role();
        out.next(new ChatChunk(id, model, 0, null, null, finishReason == null ? "stop" : finishReason, null));
        if (promptTokens >= 0 || completionTokens >= 0) {
            out.next(new ChatChunk(id, model, 0, null, null, null,
                    new Usage(Math.max(0, promptTokens), Math.max(0, completionTokens))));
        }
        out.complete();
    }

    @Override
    public void onComplete() {
        if (!ended && !out.isDone()) {
            if (started) {
                // an API without an end marker ends with its body
                end();
            } else {
                out.fail(new ProviderException(ErrorCode.UNAVAILABLE, HttpTemplateProvider.TYPE
                        + ": stream ended without an answer", true, null, 200, null));
            }
        }
    }

    @Override
    public void onError(ProviderException error) {
        out.fail(error);
    }
}
