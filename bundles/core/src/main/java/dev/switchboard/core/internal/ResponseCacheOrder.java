package dev.switchboard.core.internal;

import dev.switchboard.api.cache.ResponseCache;
import java.util.Comparator;

/** Caches are asked fastest first: memory, then the grid, then semantic. */
final class ResponseCacheOrder {

    static final Comparator<ResponseCache> BY_LEVEL = Comparator.comparing(ResponseCache::level);

    private ResponseCacheOrder() {
    }
}
