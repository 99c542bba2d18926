package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheKey;
import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.core.api.StatsReport;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class CacheReportsTest {

    @Test
    public void eachCacheWithItsLevelAndOwnCountersInOrder() {
        List<StatsReport.Cache> report = CacheReports.of(List.of(
                cache("memory", CacheLevel.MEMORY, new CacheStats(3, 1, 4, 0, 4)),
                cache("grid", CacheLevel.DISTRIBUTED, new CacheStats(0, 1, 1, 0, 1))));

        assertThat(report).containsExactly(
                new StatsReport.Cache("memory", CacheLevel.MEMORY, new CacheStats(3, 1, 4, 0, 4)),
                new StatsReport.Cache("grid", CacheLevel.DISTRIBUTED, new CacheStats(0, 1, 1, 0, 1)));
    }

    @Test
    public void aCacheThatThrowsIsListedWithoutCountersAndTheOthersStill() {
        ResponseCache broken = new FixedCache("broken", CacheLevel.MEMORY, null) {
            @Override
            public CacheStats stats() {
                throw new IllegalStateException("plugin bug");
            }
        };

        List<StatsReport.Cache> report = CacheReports.of(List.of(broken,
                cache("grid", CacheLevel.DISTRIBUTED, new CacheStats(1, 1, 1, 0, 1))));

        assertThat(report).containsExactly(new StatsReport.Cache("broken", CacheLevel.MEMORY, null),
                new StatsReport.Cache("grid", CacheLevel.DISTRIBUTED, new CacheStats(1, 1, 1, 0, 1)));
    }

    private static ResponseCache cache(String name, CacheLevel level, CacheStats stats) {
        return new FixedCache(name, level, stats);
    }

    private static class FixedCache implements ResponseCache {
        private final String name;
        private final CacheLevel level;
        private final CacheStats stats;

        FixedCache(String name, CacheLevel level, CacheStats stats) {
            this.name = name;
            this.level = level;
            this.stats = stats;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CacheLevel level() {
            return level;
        }

        @Override
        public Optional<ChatResponse> get(CacheKey key) {
            return Optional.empty();
        }

        @Override
        public void put(CacheKey key, ChatResponse response) {
        }

        @Override
        public CacheStats stats() {
            return stats;
        }
    }
}
