package dev.switchboard.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.Test;
import org.junit.internal.AssumptionViolatedException;

/**
 * The contract every {@link ResponseCache} keeps, as a JUnit 4 test a cache's test class extends. The subclass
 * makes a fresh, empty cache ({@link #createCache()}) and says how many entries it holds at most
 * ({@link #capacity()}); the test checks what core relies on: an answer stored under a key is found under that
 * key and under no other (another tenant's scope or another fingerprint is a miss), the cache stays within its
 * bound however much is stored, {@code stats()} counts this cache's hits, misses and puts, and nothing throws
 * (a {@code null} key or answer is a miss or a no-op: a cache failure must never fail a request).
 */
public abstract class ResponseCacheContractTest {

    /** Tenants in the keys the test uses. */
    protected static final String SCOPE = "tenant-a";
    protected static final String OTHER_SCOPE = "tenant-b";

    private ResponseCache cache;

    // ---- what the cache's test supplies ----

    /** A new, empty cache, with room for {@link #capacity()} entries and no expiry shorter than a minute. */
    protected abstract ResponseCache createCache() throws Exception;

    /**
     * At most how many entries the cache from {@link #createCache()} holds (its configured bound). Keep it small:
     * the bound test stores {@code 2 x capacity + 1} answers.
     */
    protected abstract int capacity();

    /** Thrown by a hook for a behaviour that cannot happen to this cache; the test is reported as skipped. */
    protected static AssumptionViolatedException notApplicable(String why) {
        return new AssumptionViolatedException("not applicable: " + why);
    }

    // ---- helpers for subclasses and tests ----

    protected final ResponseCache cache() throws Exception {
        if (cache == null) {
            cache = createCache();
            assertNotNull("createCache returned null", cache);
        }
        return cache;
    }

    /** The key core would build for {@code fingerprint} in {@code scope}. */
    protected CacheKey key(String scope, String fingerprint) {
        ChatRequest request = ChatRequest.builder("contract-model",
                List.of(ChatMessage.of(ChatMessage.USER, "question " + fingerprint))).temperature(0.0).build();
        return new CacheKey(scope, fingerprint, request);
    }

    /** An answer as core stores it. */
    protected ChatResponse answer(String text) {
        return new ChatResponse("chatcmpl-contract-" + text, "contract-model", 1_700_000_000L,
                List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, text), "stop")), new Usage(3, 5));
    }

    // ---- the contract ----

    @Test
    public void cacheNamesItselfAndItsLevel() throws Exception {
        String name = cache().name();
        assertTrue("name() must be non-blank: it is the switchboard.cache service property", name != null
                && !name.isBlank());
        assertNotNull("level() decides where core asks it", cache().level());
    }

    @Test
    public void cacheAnswersWhatWasStoredUnderTheSameKey() throws Exception {
        ChatResponse stored = answer("stored");
        cache().put(key(SCOPE, "fp-1"), stored);

        Optional<ChatResponse> found = cache().get(key(SCOPE, "fp-1"));

        assertNotNull("get() returns an Optional, never null", found);
        assertTrue("a get after a put must hit", found.isPresent());
        assertEquals(stored, found.get());
    }

    @Test
    public void cacheMissesBeforeAnythingWasStored() throws Exception {
        Optional<ChatResponse> found = cache().get(key(SCOPE, "never-stored"));

        assertNotNull("get() returns an Optional, never null", found);
        assertFalse(found.isPresent());
    }

    @Test
    public void cacheNeverAnswersAnotherTenant() throws Exception {
        cache().put(key(SCOPE, "fp-1"), answer("for tenant a"));

        assertFalse("one tenant must never see another's answer", cache().get(key(OTHER_SCOPE, "fp-1")).isPresent());
    }

    @Test
    public void cacheMissesAnotherFingerprint() throws Exception {
        cache().put(key(SCOPE, "fp-1"), answer("one"));

        assertFalse(cache().get(key(SCOPE, "fp-2")).isPresent());
    }

    @Test
    public void cacheStaysWithinItsBound() throws Exception {
        int capacity = capacity();
        assertTrue("capacity() must be between 1 and 10000, was " + capacity, capacity >= 1 && capacity <= 10_000);
        for (int i = 0; i < 2 * capacity + 1; i++) {
            cache().put(key(SCOPE, "fp-" + i), answer("answer " + i));
        }

        long size = cache().stats().size();
        assertTrue("stats().size() " + size + " beyond the capacity " + capacity, size <= capacity);
        int found = 0;
        for (int i = 0; i < 2 * capacity + 1; i++) {
            if (cache().get(key(SCOPE, "fp-" + i)).isPresent()) {
                found++;
            }
        }
        assertTrue(found + " answers found, beyond the capacity " + capacity, found <= capacity);
        assertTrue("the last answer stored must be found", cache().get(key(SCOPE, "fp-" + 2 * capacity)).isPresent());
    }

    @Test
    public void cacheCountsHitsMissesAndPuts() throws Exception {
        CacheStats before = cache().stats();
        assertNotNull("stats() must not be null", before);

        cache().put(key(SCOPE, "fp-1"), answer("one"));
        cache().get(key(SCOPE, "fp-1"));
        cache().get(key(SCOPE, "fp-2"));

        CacheStats after = cache().stats();
        assertEquals("hits", before.hits() + 1, after.hits());
        assertEquals("misses", before.misses() + 1, after.misses());
        assertEquals("puts", before.puts() + 1, after.puts());
        assertEquals("size", before.size() + 1, after.size());
    }

    @Test
    public void cacheTreatsNullsAsAMissNotAFailure() throws Exception {
        cache().put(null, answer("x"));
        cache().put(key(SCOPE, "fp-1"), null);

        Optional<ChatResponse> found = cache().get(null);

        assertNotNull("get(null) returns an empty Optional", found);
        assertFalse(found.isPresent());
        assertFalse("a null answer is not stored", cache().get(key(SCOPE, "fp-1")).isPresent());
    }
}
