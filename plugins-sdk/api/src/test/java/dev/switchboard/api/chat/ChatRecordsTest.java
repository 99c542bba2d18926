package dev.switchboard.api.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ChatRecordsTest {

    @Test
    public void extensionsKeepNullsAndOrderAndAreImmutable() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("system_fingerprint", "fp_1");
        source.put("refusal", null);
        Map<String, Object> copy = Extensions.copyOf(source);
        source.clear();
        assertThat(copy).containsExactly(Map.entry("system_fingerprint", "fp_1"),
                new java.util.AbstractMap.SimpleEntry<>("refusal", null));
        Map<String, Object> one = Extensions.copyOf(Collections.singletonMap("logprobs", null));
        assertThat(one).containsKey("logprobs");
        assertThat(Extensions.copyOf(one)).isSameAs(one);
    }

    @Test
    public void aResponseWithOtherUsageKeepsItsExtensions() {
        ChatResponse response = new ChatResponse("id", "m", 1, List.of(new ChatChoice(0,
                ChatMessage.of(ChatMessage.ASSISTANT, "hi"), "stop", Map.of("logprobs", Map.of()))), null,
                Map.of("system_fingerprint", "fp_1"));

        ChatResponse estimated = response.withUsage(new Usage(3, 4));

        assertThat(estimated.extensions()).containsEntry("system_fingerprint", "fp_1");
        assertThat(estimated.choices().get(0).extensions()).containsKey("logprobs");
        assertThat(estimated.usage().totalTokens()).isEqualTo(7);
    }

    @Test
    public void aUsageChunkWithTopLevelFieldsIsStillUsageOnly() {
        ChatChunk chunk = new ChatChunk("id", "m", 0, null, null, null, new Usage(1, 2), Map.of(), Map.of(),
                Map.of("system_fingerprint", "fp_1"), 0);
        assertThat(chunk.isUsageOnly()).isTrue();
        ChatChunk withLogprobs = new ChatChunk("id", "m", 0, null, null, null, new Usage(1, 2), Map.of(),
                Map.of("logprobs", Map.of()), Map.of(), 0);
        assertThat(withLogprobs.isUsageOnly()).isFalse();
        assertThat(withLogprobs.withoutUsage().choiceExtensions()).containsKey("logprobs");
    }

    @Test
    public void uncachedPromptTokensLeaveOutCacheReadsAndWrites() {
        assertThat(new Usage(100, 5, 60, 30, 2, Map.of()).uncachedPromptTokens()).isEqualTo(10);
        assertThat(new Usage(100, 5, 90, 30, 0, Map.of()).uncachedPromptTokens()).isZero();
    }
}
