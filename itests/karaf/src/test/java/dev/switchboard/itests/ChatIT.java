package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The OpenAI-compatible chat API against the mock provider, blocking and streamed. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChatIT extends SwitchboardTestSupport {

    @Test
    public void answersWithTheLastUserMessage() {
        HttpResponse<String> response = postJson("/v1/chat/completions", ADMIN_KEY, "{\"model\":\"mock-echo\","
                + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"first question\"},"
                + "{\"role\":\"assistant\",\"content\":\"first answer\"},"
                + "{\"role\":\"user\",\"content\":\"hello switchboard\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json(response);
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("mock-echo");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("hello switchboard");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("total_tokens").asLong()).isPositive();
    }

    @Test
    public void streamsChunksThatEndWithDone() {
        HttpResponse<String> response = chat(ADMIN_KEY, "mock-echo", "one two three four", "\"stream\":true");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = sseData(response);
        assertThat(events).last().isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            JsonNode chunk = json(event);
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText("")));
        }
        assertThat(text.toString()).isEqualTo("one two three four");
        assertThat(events.subList(0, events.size() - 1)).noneMatch(e -> json(e).path("usage").isObject());
    }

    @Test
    public void streamEndsWithAUsageChunkWhenAskedFor() {
        HttpResponse<String> response = chat(ADMIN_KEY, "mock-echo", "count my tokens",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = sseData(response);
        assertThat(events).last().isEqualTo("[DONE]");
        JsonNode usageChunk = json(events.get(events.size() - 2));
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asLong()).isPositive();
        assertThat(usageChunk.path("usage").path("completion_tokens").asLong()).isPositive();
        assertThat(usageChunk.path("usage").path("total_tokens").asLong()).isEqualTo(
                usageChunk.path("usage").path("prompt_tokens").asLong()
                        + usageChunk.path("usage").path("completion_tokens").asLong());
    }

    @Test
    public void listsTheMockModels() {
        HttpResponse<String> response = get("/v1/models", ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("object").asText()).isEqualTo("list");
        assertThat(modelIds()).contains("mock-echo", "mock-lorem");
    }

    @Test
    public void loremModelAnswersTheSameTextForTheSameRequest() {
        HttpResponse<String> first = chat(ADMIN_KEY, "mock-lorem", "anything", "\"max_tokens\":16");
        HttpResponse<String> second = chat(ADMIN_KEY, "mock-lorem", "anything", "\"max_tokens\":16");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        String text = json(first).path("choices").get(0).path("message").path("content").asText();
        assertThat(text).isNotBlank();
        assertThat(json(second).path("choices").get(0).path("message").path("content").asText()).isEqualTo(text);
    }

    @Test
    public void everyAnswerCarriesARequestId() {
        HttpResponse<String> response = chat(ADMIN_KEY, "mock-echo", "trace me", "");

        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    public void aChatIsCountedInTheMetricsScrapeAndTheStats() {
        HttpResponse<String> before = get("/metrics", ADMIN_KEY);
        long counted = latencyCount(before.body(), "mock-lorem");

        HttpResponse<String> answer = chat(ADMIN_KEY, "mock-lorem", "count me", "\"max_tokens\":8");
        assertThat(answer.statusCode()).isEqualTo(200);
        HttpResponse<String> after = get("/metrics", ADMIN_KEY);
        HttpResponse<String> stats = get("/admin/stats", ADMIN_KEY);

        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(latencyCount(after.body(), "mock-lorem")).isGreaterThan(counted);
        assertThat(after.body()).contains("switchboard_grid_members 1.0");
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(json(stats).path("routes").toString()).contains("\"model\":\"mock-lorem\"");
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    }

    /** The request count of a model's latency summary (0 when not scraped yet), whatever the instance. */
    private static long latencyCount(String text, String model) {
        long count = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("switchboard_route_latency_count{") && line.contains("model=\"" + model + "\"")) {
                count += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return count;
    }
}
