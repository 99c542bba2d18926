package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.core.api.GatewayException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class SseChunkWriterTest {

    /** Records what had reached the stream each time it was flushed. */
    private static final class FlushRecorder extends ByteArrayOutputStream {
        final List<String> flushed = new ArrayList<>();

        @Override
        public void flush() {
            flushed.add(toString(StandardCharsets.UTF_8));
        }
    }

    private final FlushRecorder out = new FlushRecorder();

    @Test
    public void writesDeltaExtensionsSuchAsStreamedToolCallsUnderTheirNames() throws IOException {
        SseChunkWriter sse = new SseChunkWriter(out, "chatcmpl-x", "gpt-4o", 1_700_000_000L, false);
        sse.chunk(new ChatChunk("c", "gpt-4o", 0, null, null, null, null, java.util.Map.of("tool_calls",
                java.util.List.of(java.util.Map.of("function", java.util.Map.of("arguments", "{\"a\""))))));
        assertThat(out.flushed.get(0)).contains(
                "\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}");
    }

    @Test
    public void writesEachChunkAsADataEventAndFlushesIt() throws IOException {
        SseChunkWriter sse = new SseChunkWriter(out, "chatcmpl-x", "gpt-4o", 1_700_000_000L, false);

        sse.chunk(new ChatChunk("chatcmpl-1", "gpt-4o", 0, "assistant", null, null, null));
        assertThat(out.flushed).hasSize(1);
        sse.chunk(ChatChunk.content("chatcmpl-1", "gpt-4o", "Hel"));
        assertThat(out.flushed).hasSize(2);
        sse.chunk(new ChatChunk("chatcmpl-1", "gpt-4o", 0, null, null, "stop", null));
        sse.done();

        String prefix = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,";
        String first = prefix + "\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n";
        String second = prefix + "\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n";
        String third = prefix + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        assertThat(out.flushed).containsExactly(first, first + second, first + second + third,
                first + second + third + "data: [DONE]\n\n");
    }

    @Test
    public void fillsInIdAndModelWhenAChunkHasNone() throws IOException {
        SseChunkWriter sse = new SseChunkWriter(out, "chatcmpl-fallback", "requested", 5, false);

        sse.chunk(ChatChunk.content(null, null, "x"));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("data: {\"id\":\"chatcmpl-fallback\",\"object\":\"chat.completion.chunk\",\"created\":5,"
                        + "\"model\":\"requested\",");
    }

    @Test
    public void marksChunksAndSendsAUsageChunkWhenUsageWasAskedFor() throws IOException {
        SseChunkWriter sse = new SseChunkWriter(out, "id", "m", 1, true);

        sse.chunk(ChatChunk.content("id", "m", "hi"));
        sse.usage("id", "m", new Usage(7, 2));
        sse.done();

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "data: {\"id\":\"id\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}],"
                        + "\"usage\":null}\n\n"
                        + "data: {\"id\":\"id\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,"
                        + "\"total_tokens\":9}}\n\n"
                        + "data: [DONE]\n\n");
        assertThat(out.flushed).hasSize(3);
    }

    @Test
    public void writesAnErrorEventInOpenAisErrorShape() throws IOException {
        SseChunkWriter sse = new SseChunkWriter(out, "id", "m", 1, false);

        sse.chunk(ChatChunk.content("id", "m", "par"));
        sse.error(new GatewayException(502, "api_error", "upstream_error", null, "Provider failed",
                Duration.ofSeconds(1)));

        assertThat(out.flushed).hasSize(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("\n\ndata: {\"error\":{\"message\":\"Provider failed\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":\"upstream_error\"}}\n\n");
    }

    @Test
    public void writesEveryFieldOfEveryChunkOpenAiStreamedUnchanged() throws IOException {
        List<com.fasterxml.jackson.databind.JsonNode> upstream = OpenAiDocuments.chunks();
        SseChunkWriter sse = new SseChunkWriter(out, "fallback", "requested", 1, true);

        for (com.fasterxml.jackson.databind.JsonNode chunk : upstream) {
            ChatChunk mapped = OpenAiDocuments.toChunk(chunk);
            if (mapped.isUsageOnly()) {
                sse.usage(mapped.id(), mapped.model(), mapped.createdEpochSeconds(), mapped.usage(),
                        mapped.chunkExtensions());
            } else {
                sse.chunk(mapped);
            }
        }
        sse.done();

        String[] events = out.toString(StandardCharsets.UTF_8).split("\n\n");
        assertThat(events).hasSize(upstream.size() + 1);
        for (int i = 0; i < upstream.size(); i++) {
            assertThat(events[i]).startsWith("data: ");
            assertThat(OpenAiDocuments.tree(events[i].substring("data: ".length()))).as("event %d", i)
                    .isEqualTo(upstream.get(i));
        }
    }
}
