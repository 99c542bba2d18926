package dev.switchboard.itests;

import static dev.switchboard.itests.StubServer.json;
import static dev.switchboard.itests.StubServer.streamHead;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Google's Gemini API on loopback: {@code POST /v1beta/models/{model}:generateContent} answers a
 * {@code GenerateContentResponse}, {@code :streamGenerateContent?alt=sse} the same cut into SSE events (text word by
 * word, the finish reason and {@code usageMetadata} in the last), a function call of {@code get_weather} when the
 * request declares functions and answers none yet.
 */
final class GeminiStub extends VendorStub {

    private static final String USAGE = "\"usageMetadata\":{\"promptTokenCount\":21,\"candidatesTokenCount\":9,"
            + "\"totalTokenCount\":30}";

    GeminiStub() throws IOException {
        super("gemini");
    }

    /** The base URL a {@code gemini} instance takes ({@code /models/{model}:method} is appended). */
    String baseUrl() {
        return origin() + "/v1beta";
    }

    /** Whether the last request carried the key in {@code x-goog-api-key} (not in the URL). */
    boolean sawApiKeyHeader() {
        StubServer.Request last = last();
        return last != null && last.head().toLowerCase(java.util.Locale.ROOT).contains("\r\nx-goog-api-key: ")
                && !last.path().contains("key=");
    }

    @Override
    void answer(StubServer.Request request, OutputStream out) throws IOException {
        String body = request.compactBody();
        boolean stream = request.path().contains(":streamGenerateContent");
        boolean toolCall = body.contains("\"functionDeclarations\"") && !body.contains("\"functionResponse\"");
        String text = body.contains("\"functionResponse\"") ? WEATHER : ANSWER;
        String call = "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}";
        if (!stream) {
            json(out, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                    + (toolCall ? call : "{\"text\":\"" + text + "\"}") + "]},\"finishReason\":\"STOP\",\"index\":0}],"
                    + USAGE + ",\"modelVersion\":\"gemini-stub\",\"responseId\":\"gemini-resp-1\"}");
            return;
        }
        streamHead(out, "text/event-stream");
        if (toolCall) {
            event(out, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[" + call + "]},"
                    + "\"finishReason\":\"STOP\",\"index\":0}]," + USAGE + ",\"responseId\":\"gemini-resp-2\"}");
            return;
        }
        String[] words = text.split("(?<= )");
        for (int i = 0; i < words.length; i++) {
            boolean lastWord = i == words.length - 1;
            event(out, "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + words[i] + "\"}]}"
                    + (lastWord ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}]"
                    + (lastWord ? "," + USAGE : "") + ",\"responseId\":\"gemini-resp-2\"}");
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
