package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.core.api.StatsReport;
import java.util.List;
import org.junit.Test;

public class CacheStatsTest {

    @Test
    public void printsEachCacheWithLevelHitsMissesRatioAndEntries() {
        List<StatsReport.Cache> caches = List.of(
                new StatsReport.Cache("memory", CacheLevel.MEMORY,
                        new dev.switchboard.api.cache.CacheStats(3, 1, 4, 0, 42)),
                new StatsReport.Cache("grid", CacheLevel.DISTRIBUTED,
                        new dev.switchboard.api.cache.CacheStats(0, 0, 0, 0, 0)));

        String printed = Printed.table(CacheStats.table(caches));

        assertThat(printed).contains("Cache", "Level", "Hits", "Misses", "Hit ratio", "Entries");
        assertThat(printed).containsPattern("memory\\s*\\|\\s*memory\\s*\\|\\s*3\\s*\\|\\s*1\\s*\\|\\s*75\\.0 %\\s*\\|"
                + "\\s*42");
        assertThat(printed).containsPattern("grid\\s*\\|\\s*distributed\\s*\\|\\s*0\\s*\\|\\s*0\\s*\\|\\s*0\\.0 %\\s*\\|"
                + "\\s*0");
        assertThat(printed.indexOf("memory")).isLessThan(printed.indexOf("grid"));
    }

    @Test
    public void aCacheThatDidNotReportShowsUnknownsNotZeros() {
        String printed = Printed.table(CacheStats.table(List.of(new StatsReport.Cache("broken", CacheLevel.MEMORY,
                null))));

        assertThat(printed).containsPattern("broken\\s*\\|\\s*memory\\s*\\|\\s*\\?\\s*\\|\\s*\\?\\s*\\|\\s*\\?\\s*\\|"
                + "\\s*\\?");
    }

    @Test
    public void saysSoWhenNoCacheIsBound() {
        assertThat(Printed.table(CacheStats.table(List.of()))).contains("No cache bound.");
    }
}
