package dev.switchboard.itests;

import static dev.switchboard.itests.StubServer.json;
import static dev.switchboard.itests.StubServer.streamHead;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bedrock Runtime on loopback: {@code POST /model/{modelId}/converse} answers a Converse response,
 * {@code /converse-stream} the ConverseStream events as binary {@code application/vnd.amazon.eventstream} frames
 * (prelude and message CRC32s), a {@code toolUse} of {@code get_weather} when the request has a {@code toolConfig}
 * and no {@code toolResult} yet. It remembers whether requests were SigV4-signed and the model id's {@code :} came
 * percent-encoded.
 */
final class BedrockStub extends VendorStub {

    private volatile boolean signed = true;
    private volatile boolean encodedColon = true;

    BedrockStub() throws IOException {
        super("bedrock");
    }

    String baseUrl() {
        return origin();
    }

    boolean allSigned() {
        return signed;
    }

    boolean colonsEncoded() {
        return encodedColon;
    }

    @Override
    void answer(StubServer.Request request, OutputStream out) throws IOException {
        String head = request.head().toLowerCase(java.util.Locale.ROOT);
        signed &= head.contains("\r\nauthorization: aws4-hmac-sha256 credential=") && head.contains("\r\nx-amz-date: ");
        encodedColon &= request.path().contains("%3A") && !request.path().contains(":");
        String body = request.compactBody();
        boolean toolUse = body.contains("\"toolConfig\"") && !body.contains("\"toolResult\"");
        String text = body.contains("\"toolResult\"") ? WEATHER : ANSWER;
        if (request.path().endsWith("/converse")) {
            String content = toolUse ? "{\"toolUse\":{\"toolUseId\":\"tooluse_stub_1\",\"name\":\"get_weather\","
                    + "\"input\":{\"city\":\"Paris\"}}}" : "{\"text\":\"" + text + "\"}";
            json(out, "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[" + content + "]}},"
                    + "\"stopReason\":\"" + (toolUse ? "tool_use" : "end_turn") + "\",\"usage\":{\"inputTokens\":21,"
                    + "\"outputTokens\":9,\"totalTokens\":30},\"metrics\":{\"latencyMs\":12}}");
            return;
        }
        streamHead(out, "application/vnd.amazon.eventstream");
        frame(out, "messageStart", "{\"role\":\"assistant\"}");
        if (toolUse) {
            frame(out, "contentBlockStart", "{\"contentBlockIndex\":0,\"start\":{\"toolUse\":{\"toolUseId\":"
                    + "\"tooluse_stub_2\",\"name\":\"get_weather\"}}}");
            for (String part : new String[] {"{\"city\":", " \"Par", "is\"}"}) {
                frame(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":\""
                        + part.replace("\"", "\\\"") + "\"}}}");
            }
        } else {
            for (String word : text.split("(?<= )")) {
                frame(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + word + "\"}}");
            }
        }
        frame(out, "contentBlockStop", "{\"contentBlockIndex\":0}");
        frame(out, "messageStop", "{\"stopReason\":\"" + (toolUse ? "tool_use" : "end_turn") + "\"}");
        frame(out, "metadata", "{\"usage\":{\"inputTokens\":21,\"outputTokens\":9,\"totalTokens\":30},"
                + "\"metrics\":{\"latencyMs\":12}}");
    }

    private static void frame(OutputStream out, String eventType, String json) throws IOException {
        out.write(eventFrame(eventType, "application/json", json.getBytes(StandardCharsets.UTF_8)));
        out.flush();
    }
}
