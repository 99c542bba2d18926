package dev.switchboard.itests;

import static dev.switchboard.itests.StubServer.json;
import static dev.switchboard.itests.StubServer.streamHead;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * SageMaker Runtime on loopback, for an endpoint whose container speaks OpenAI's chat format (TGI / vLLM Messages
 * API): {@code POST /endpoints/{name}/invocations} answers a {@code chat.completion};
 * {@code /invocations-response-stream} answers the container's SSE chunks wrapped in {@code PayloadPart}
 * event-stream messages, each SSE event cut across two messages as SageMaker may cut them.
 */
final class SageMakerStub extends VendorStub {

    private volatile boolean signed = true;

    SageMakerStub() throws IOException {
        super("sagemaker");
    }

    String baseUrl() {
        return origin();
    }

    boolean allSigned() {
        return signed;
    }

    @Override
    void answer(StubServer.Request request, OutputStream out) throws IOException {
        String head = request.head().toLowerCase(java.util.Locale.ROOT);
        signed &= head.contains("\r\nauthorization: aws4-hmac-sha256 credential=") && head.contains("/sagemaker/aws4_request");
        String body = request.compactBody();
        boolean toolCall = body.contains("\"tools\":") && !body.contains("\"role\":\"tool\"");
        String text = body.contains("\"role\":\"tool\"") ? WEATHER : ANSWER;
        String usage = "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":9,\"total_tokens\":30}";
        if (request.path().endsWith("/invocations")) {
            String message = toolCall
                    ? "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_sm_1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}"
                    : "{\"role\":\"assistant\",\"content\":\"" + text + "\"}";
            json(out, "{\"id\":\"chatcmpl-sm-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"tgi\","
                    + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\""
                    + (toolCall ? "tool_calls" : "stop") + "\"}]," + usage + "}");
            return;
        }
        streamHead(out, "application/vnd.amazon.eventstream");
        List<String> chunks = new ArrayList<>();
        if (toolCall) {
            chunks.add(delta("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_sm_2\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null));
            for (String part : new String[] {"{\\\"city\\\":", " \\\"Par", "is\\\"}"}) {
                chunks.add(delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"" + part + "\"}}]}", null));
            }
            chunks.add(delta("{}", "tool_calls"));
        } else {
            chunks.add(delta("{\"role\":\"assistant\",\"content\":\"\"}", null));
            for (String word : text.split("(?<= )")) {
                chunks.add(delta("{\"content\":\"" + word + "\"}", null));
            }
            chunks.add(delta("{}", "stop"));
        }
        chunks.add("{\"id\":\"chatcmpl-sm-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tgi\","
                + "\"choices\":[]," + usage + "}");
        chunks.add("[DONE]");
        for (String chunk : chunks) {
            byte[] event = ("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8);
            int cut = event.length / 2;
            out.write(eventFrame("PayloadPart", "application/octet-stream", java.util.Arrays.copyOfRange(event, 0, cut)));
            out.write(eventFrame("PayloadPart", "application/octet-stream",
                    java.util.Arrays.copyOfRange(event, cut, event.length)));
            out.flush();
        }
    }

    private static String delta(String delta, String finish) {
        return "{\"id\":\"chatcmpl-sm-2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"tgi\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }
}
