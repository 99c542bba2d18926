package dev.switchboard.api.cache;

import dev.switchboard.api.chat.ChatResponse;
import java.util.Optional;
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
