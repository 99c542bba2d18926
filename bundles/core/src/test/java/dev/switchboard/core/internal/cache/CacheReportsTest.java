package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.internal.pipeline.MapCache;
import java.util.List;
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
        ResponseCache broken = new MapCache("broken", CacheLevel.MEMORY) {
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

    /** A cache that reports {@code stats} as they are given ({@code null}: none). */
    private static ResponseCache cache(String name, CacheLevel level, CacheStats stats) {
        return new MapCache(name, level) {
            @Override
            public CacheStats stats() {
                return stats;
            }
        };
    }
}
