package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class RequestFingerprintTest {

    private static ChatRequest request(List<ChatMessage> messages, Double temperature, boolean stream,
                                       Map<String, Object> extensions) {
        return new ChatRequest("m", messages, temperature, null, 100, List.of(), null, stream, false, null, extensions);
    }

    private static ChatRequest simple(String text, Double temperature) {
        return request(List.of(ChatMessage.of("user", text)), temperature, false, Map.of());
    }

    @Test
    public void sameRequestSameFingerprint() {
        assertThat(RequestFingerprint.of(simple("hi", 0.0))).isEqualTo(RequestFingerprint.of(simple("hi", 0.0)))
                .hasSize(64);
    }

    @Test
    public void anythingThatChangesTheAnswerChangesTheFingerprint() {
        String base = RequestFingerprint.of(simple("hi", 0.0));
        assertThat(RequestFingerprint.of(simple("hi!", 0.0))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of(simple("hi", 0.5))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of(simple("hi", null))).isNotEqualTo(base);
        assertThat(RequestFingerprint.of(request(List.of(ChatMessage.of("system", "hi")), 0.0, false, Map.of())))
                .isNotEqualTo(base);
        assertThat(RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), 0.0, false,
                Map.of("response_format", Map.of("type", "json_object"))))).isNotEqualTo(base);
    }

    @Test
    public void messageBoundariesCount() {
        var split1 = request(List.of(ChatMessage.of("user", "ab"), ChatMessage.of("user", "c")), 0.0, false, Map.of());
        var split2 = request(List.of(ChatMessage.of("user", "a"), ChatMessage.of("user", "bc")), 0.0, false, Map.of());
        assertThat(RequestFingerprint.of(split1)).isNotEqualTo(RequestFingerprint.of(split2));
    }

    @Test
    public void streamingTheCacheSwitchAndNumberSpellingDoNotMatter() {
        String base = RequestFingerprint.of(simple("hi", 0.0));
        assertThat(RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), 0.0, true,
                Map.of("cache", true, "stream_options", Map.of("include_usage", true))))).isEqualTo(base);
        assertThat(RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), Double.valueOf("0.00"), false,
                Map.of()))).isEqualTo(base);
    }

    @Test
    public void extensionKeyOrderAndJsonTreesAreCanonical() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("tools", json.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]"));
        first.put("logprobs", json.readTree("true"));
        Map<String, Object> second = new LinkedHashMap<>();
        second.put("logprobs", true);
        second.put("tools", json.readTree("[{\"function\":{\"parameters\":{},\"name\":\"f\"},\"type\":\"function\"}]"));

        assertThat(RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), 0.0, false, first)))
                .isEqualTo(RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), 0.0, false, second)));
    }

    @Test
    public void cachePolicyCachesDeterministicOrAskedForRequestsOnly() {
        assertThat(CachePolicy.isCacheable(simple("x", 0.0))).isTrue();
        assertThat(CachePolicy.isCacheable(simple("x", 0.7))).isFalse();
        assertThat(CachePolicy.isCacheable(simple("x", null))).isFalse();
        assertThat(CachePolicy.isCacheable(request(List.of(ChatMessage.of("user", "x")), 0.7, false,
                Map.of("cache", true)))).isTrue();
        assertThat(CachePolicy.isCacheable(request(List.of(ChatMessage.of("user", "x")), 0.0, false,
                Map.of("cache", false)))).isFalse();
    }
}
