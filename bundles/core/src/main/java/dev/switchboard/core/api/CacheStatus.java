package dev.switchboard.core.api;

import dev.switchboard.api.cache.CacheLevel;

/**
 * What the {@code x-switchboard-cache} answer header says: {@code miss}, or a hit and at which level
 * ({@code hit-l1} memory, {@code hit-l2} grid, {@code hit-semantic}). Constants, so a hit allocates nothing.
 */
public final class CacheStatus {

    public static final String MISS = "miss";
    public static final String HIT_L1 = "hit-l1";
    public static final String HIT_L2 = "hit-l2";
    public static final String HIT_SEMANTIC = "hit-semantic";

    private CacheStatus() {
    }

    public static String hit(CacheLevel level) {
        if (level == null) {
            return HIT_L1;
        }
        return switch (level) {
            case MEMORY -> HIT_L1;
            case DISTRIBUTED -> HIT_L2;
            case SEMANTIC -> HIT_SEMANTIC;
        };
    }

    /** The metric and report name of a level: {@code l1}, {@code l2}, {@code semantic}. */
    public static String levelName(CacheLevel level) {
        return hit(level).substring("hit-".length());
    }
}
