package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
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

    @Test
    public void numbersHashByValueInAShortForm() {
        String one = withNumber(1);
        assertThat(withNumber(1L)).isEqualTo(one);
        assertThat(withNumber(1.0)).isEqualTo(one);
        assertThat(withNumber(BigInteger.ONE)).isEqualTo(one);
        assertThat(withNumber(new BigDecimal("1.000"))).isEqualTo(one);
        assertThat(withNumber(1e308)).isNotEqualTo(withNumber(1e307)).isNotEqualTo(one);
        assertThat(withNumber(0.1)).isNotEqualTo(withNumber(0.10000000000000002));
        assertThat(withNumber(new BigInteger("123456789012345678901234567890")))
                .isNotEqualTo(withNumber(new BigInteger("123456789012345678901234567891")));
        // written out in full these would be a billion digits: the old canonical form never finished
        assertThat(withNumber(new BigDecimal("1e999999999"))).isNotEqualTo(withNumber(new BigDecimal("1e999999998")))
                .isEqualTo(withNumber(new BigDecimal("10e999999998")));
        assertThat(withNumber(new BigDecimal("0.5"))).isNotEqualTo(withNumber(new BigDecimal("0.50001")));
    }

    @Test
    public void stringsThatDifferOnlyInUnpairedSurrogatesDiffer() {
        assertThat(RequestFingerprint.of(simple("a\uD800", 0.0))).isNotEqualTo(RequestFingerprint.of(simple("a?", 0.0)));
        assertThat(RequestFingerprint.of(simple("\uD83D\uDE00\u00e9\u4e2d", 0.0)))
                .isEqualTo(RequestFingerprint.of(simple(new String("\uD83D\uDE00\u00e9\u4e2d"), 0.0)));
    }

    /**
     * The body of issue 8: a megabyte of {@code 1e308} numbers, as the REST layer parses it. Was 484 MB
     * allocated (each number written out in 309 digits, then copied); now ~2 KB. The bound is generous.
     */
    @Test
    public void aMegabyteOfHugeNumbersCostsAFewKilobytesToFingerprint() throws Exception {
        int count = 1024 * 1024 / "1e308,".length();
        List<Object> numbers = new ArrayList<>(Collections.nCopies(count, 1e308));
        ChatRequest plain = request(List.of(ChatMessage.of("user", "hi")), 0.7, false,
                Map.of("cache", true, "logit_bias_like", numbers));
        String body = "[" + String.join(",", Collections.nCopies(count, "1e308")) + "]";
        ChatRequest tree = request(List.of(ChatMessage.of("user", "hi")), 0.7, false,
                Map.of("cache", true, "logit_bias_like", new ObjectMapper().readTree(body)));

        assertThat(allocatedBy(() -> RequestFingerprint.of(plain))).isLessThan(256 * 1024);
        assertThat(allocatedBy(() -> RequestFingerprint.of(tree))).isLessThan(256 * 1024);
        assertThat(RequestFingerprint.of(tree)).isEqualTo(RequestFingerprint.of(plain));
    }

    @Test
    public void aMegabyteOfTextIsNotCopied() {
        ChatRequest big = simple("x".repeat(1024 * 1024), 0.0);
        assertThat(allocatedBy(() -> RequestFingerprint.of(big))).isLessThan(256 * 1024);
    }

    private static String withNumber(Object number) {
        return RequestFingerprint.of(request(List.of(ChatMessage.of("user", "hi")), 0.0, false, Map.of("x", number)));
    }

    /** Bytes this thread allocated while running {@code task} (the best of a few runs, after a warm-up). */
    private static long allocatedBy(Runnable task) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        task.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long before = threads.getThreadAllocatedBytes(id);
            task.run();
            best = Math.min(best, threads.getThreadAllocatedBytes(id) - before);
        }
        System.out.println("fingerprint allocated " + best + " bytes");
        return best;
    }
}
