package dev.switchboard.api.cache;

import dev.switchboard.api.chat.ChatResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A response cache, registered as an OSGi service with the property {@value #NAME_PROPERTY}. Core
 * only asks it about requests that may be answered from cache (deterministic ones, or those that ask
 * for it). Implementations must be fast and must not throw: a cache failure is a miss. A store honours
 * {@link CacheKey#ttl()} when it is shorter than the cache's own time to live.
 */
@ConsumerType
public interface ResponseCache {

    String NAME_PROPERTY = "switchboard.cache";

    String name();

    CacheLevel level();

    Optional<ChatResponse> get(CacheKey key);

    /**
     * The lookup core makes (since 1.2): {@link #get} as a stage. A cache that answers from memory keeps this
     * default, and core goes on at once on the same thread. A cache whose answer needs I/O (an embedding, a grid
     * read) returns a stage it completes later and must never park the caller's thread: the caller is a server
     * thread. Core continues the request on the thread that completes the stage, so complete it from a thread
     * that may run a short task (an I/O or callback thread), and bound the wait yourself: a stage that never
     * completes holds its request until the request's deadline. A failed stage is a miss.
     */
    default CompletionStage<Optional<ChatResponse>> lookup(CacheKey key) {
        return CompletableFuture.completedFuture(get(key));
    }

    void put(CacheKey key, ChatResponse response);

    CacheStats stats();

    /**
     * Drops the answers of {@code tenant} and {@code model} (null: every tenant, every model) and returns how
     * many; what a cache cannot tell apart it may drop too (dropping is always safe). Caches that keep nothing
     * by tenant return 0. An operator's action, not the request path: it may scan.
     */
    default long clear(String tenant, String model) {
        return 0;
    }
}
