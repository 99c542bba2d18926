package dev.switchboard.provider.httptemplate.internal;

import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Reading answers by the configured pointers; no HTTP here. */
final class HttpTemplateMapping {

    private HttpTemplateMapping() {
    }

    /** The answer as maps and lists (the pointers' document). */
    static Object read(byte[] json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("empty answer");
            }
            return JsonValues.read(p);
        }
    }

    static Object read(String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new IOException("empty event");
            }
            return JsonValues.read(p);
        }
    }

    /** @throws IOException when the text the answer must carry is not where {@code response.text} points */
    static ChatResponse toResponse(Object document, HttpTemplateSettings settings, String model) throws IOException {
        HttpTemplateSettings.Answer answer = settings.answer();
        String text = answer.text().findText(document);
        if (text == null) {
            throw new IOException("no text at " + answer.text());
        }
        String finish = answer.finishReason() == null ? null : settings.finishReason(answer.finishReason().findText(document));
        String id = answer.id() == null ? null : answer.id().findText(document);
        String answeredModel = answer.model() == null ? null : answer.model().findText(document);
        return new ChatResponse(id != null ? id : newId(), answeredModel != null ? answeredModel : model,
                System.currentTimeMillis() / 1000,
                List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, text), finish == null ? "stop" : finish)),
                usage(answer, document));
    }

    /** The usage the pointers find, or {@code null} when they find none (the gateway then estimates). */
    static Usage usage(HttpTemplateSettings.Answer answer, Object document) {
        long prompt = answer.promptTokens() == null ? -1 : answer.promptTokens().findCount(document);
        long completion = answer.completionTokens() == null ? -1 : answer.completionTokens().findCount(document);
        if (prompt < 0 && completion < 0) {
            return null;
        }
        return new Usage(Math.max(0, prompt), Math.max(0, completion));
    }

    static String newId() {
        return "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }
}
