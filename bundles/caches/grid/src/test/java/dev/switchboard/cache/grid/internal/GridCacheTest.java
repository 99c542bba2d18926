package dev.switchboard.cache.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.testkit.ResponseCacheContractTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The cache contract (switchboard-testkit) on a two-entry map, then the grid cache's own behaviour. */
public class GridCacheTest extends ResponseCacheContractTest {

    private final FakeEntryMap map = new FakeEntryMap(2);
    private final GridCache cache = new GridCache(map, 4096, Duration.ofHours(1));

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

    /** Core's lookup on a slow member: the request thread is not held; the grid's answer completes it later. */
    @Test
    public void aLookupNeverWaitsForASlowMember() {
        cache.put(key("t1", "far"), answer("from another member"));
        java.util.concurrent.CompletableFuture<Void> member = map.slowMember();

        long started = System.nanoTime();
        java.util.concurrent.CompletableFuture<java.util.Optional<ChatResponse>> lookup =
                cache.lookup(key("t1", "far")).toCompletableFuture();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(lookup).as("still waiting for the grid after %d ms", tookMillis).isNotDone();
        member.complete(null);
        assertThat(lookup.join()).contains(answer("from another member"));
        assertThat(cache.stats().hits()).isEqualTo(1);
    }

    @Test
    public void aLookupTheGridAnswersAtOnceIsCompleteOnReturn() {
        cache.put(key("t1", "near"), answer("near"));

        assertThat(cache.lookup(key("t1", "near")).toCompletableFuture()).isCompletedWithValue(
                java.util.Optional.of(answer("near")));
        assertThat(cache.lookup(key("t1", "none")).toCompletableFuture()).isCompletedWithValue(
                java.util.Optional.empty());
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
        map.overwrite(key("t1", "fp").partitionedKey(), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(cache.get(key("t1", "fp"))).isEmpty();
    }

    @Test
    public void clearRemovesOneTenantOrOneModelOfATenant() {
        GridCache roomy = new GridCache(new FakeEntryMap(10), 4096, Duration.ofHours(1));
        roomy.put(key("t1", "a"), answer("1"));
        roomy.put(key("t1:x", "a"), answer("2"));
        roomy.put(key("t2", "a"), answer("3"));

        assertThat(roomy.clear("t1", "other-model")).isZero();
        assertThat(roomy.clear("t1", null)).isEqualTo(1);
        assertThat(roomy.get(key("t1:x", "a"))).isPresent();
        assertThat(roomy.get(key("t2", "a"))).isPresent();
        assertThat(roomy.clear(null, "other-model")).isZero();
        assertThat(roomy.clear(null, key("t2", "a").request().model())).isEqualTo(2);
    }

    @Test
    public void aStoreAsksTheGridForTheRequestsTimeToLiveOnlyWhenItIsShorter() {
        CacheKey brief = new CacheKey("t1", "brief", key("t1", "brief").request(), Duration.ofSeconds(60));
        CacheKey longer = new CacheKey("t1", "long", key("t1", "long").request(), Duration.ofDays(2));
        cache.put(brief, answer("a"));
        cache.put(longer, answer("b"));

        assertThat(map.ttls).containsEntry(brief.partitionedKey(), Duration.ofSeconds(60));
        assertThat(map.ttls).doesNotContainKey(longer.partitionedKey());
    }

    @Test
    public void keysArePartitionedByTenantAndModelWhateverTheNamesHold() {
        assertThat(key("a:b", "fp").partitionedKey()).isNotEqualTo(key("a", "b:fp").partitionedKey());
        assertThat(key("t1", "fp").partitionedKey()).startsWith(CacheKey.prefix("t1", null));
        assertThat(key("t1" + CacheKey.PARTITION + "ns", "fp").partitionedKey())
                .startsWith(CacheKey.prefix("t1", key("t1", "fp").request().model()));
    }
}
