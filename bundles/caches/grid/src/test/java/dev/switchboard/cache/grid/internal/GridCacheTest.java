package dev.switchboard.cache.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.testkit.ResponseCacheContractTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The cache contract (switchboard-testkit) on a two-entry map, then the grid cache's own behaviour. */
public class GridCacheTest extends ResponseCacheContractTest {

    private final FakeEntryMap map = new FakeEntryMap(2);
    private final GridCache cache = new GridCache(map, 4096);

    @Override
    protected ResponseCache createCache() {
        return cache;
    }

    @Override
    protected int capacity() {
        return 2;
    }

    @Test
    public void declaresNameAndLevel() {
        assertThat(cache.name()).isEqualTo("grid");
        assertThat(cache.level()).isEqualTo(CacheLevel.DISTRIBUTED);
    }

    @Test
    public void anAnswerSurvivesTheTripThroughJsonBytesWithAllItsFields() {
        ChatResponse answer = new ChatResponse("chatcmpl-1", "gpt-x", 1_700_000_000L,
                List.of(new ChatChoice(0, new ChatMessage("assistant", "hi", null, Map.of("refusal", "none")), "stop",
                        Map.of("logprobs", Map.of("content", List.of())))),
                new Usage(12, 3, 4, 0, 1, Map.of("prompt_tokens_details", Map.of("cached_tokens", 4))),
                Map.of("system_fingerprint", "fp_1"));
        cache.put(key("t1", "fp"), answer);

        assertThat(cache.get(key("t1", "fp"))).contains(answer);
    }

    @Test
    public void anAnswerOverTheSizeBoundIsNotStored() {
        cache.put(key("t1", "big"), answer("x".repeat(5000)));

        assertThat(cache.get(key("t1", "big"))).isEmpty();
        assertThat(map.size()).isZero();
        assertThat(cache.tooLarge()).isEqualTo(1);
    }

    @Test
    public void anUnreadableEntryIsAMissNotAFailure() {
        cache.put(key("t1", "fp"), answer("fine"));
        map.overwrite(GridCacheKeys.of(key("t1", "fp")), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(cache.get(key("t1", "fp"))).isEmpty();
    }

    @Test
    public void clearRemovesOneTenantOrOneModelOfATenant() {
        GridCache roomy = new GridCache(new FakeEntryMap(10), 4096);
        roomy.put(key("t1", "a"), answer("1"));
        roomy.put(key("t1:x", "a"), answer("2"));
        roomy.put(key("t2", "a"), answer("3"));

        assertThat(roomy.clear("t1", null)).isEqualTo(1);
        assertThat(roomy.get(key("t1:x", "a"))).isPresent();
        assertThat(roomy.get(key("t2", "a"))).isPresent();
    }

    @Test
    public void keysArePartitionedByTenantAndModelWhateverTheNamesHold() {
        assertThat(GridCacheKeys.of(key("a:b", "fp"))).isNotEqualTo(GridCacheKeys.of(key("a", "b:fp")));
        assertThat(GridCacheKeys.of(key("t1", "fp"))).startsWith(GridCacheKeys.prefix("t1"));
    }
}
