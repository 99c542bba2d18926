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

    @Test
    public void printsPerLevelHitsRatioAndWhatTheySaved() {
        StatsReport.CacheTotals totals = new StatsReport.CacheTotals(2, List.of(
                new StatsReport.LevelTotals("l1", 5, 700, new java.math.BigDecimal("0.0123")),
                new StatsReport.LevelTotals("l2", 3, 420, new java.math.BigDecimal("0.007")),
                new StatsReport.LevelTotals("semantic", 0, 0, java.math.BigDecimal.ZERO)));

        String printed = Printed.table(CacheStats.levels(totals));

        assertThat(printed).contains("Level", "Hits", "Hit ratio", "Tokens saved", "Cost saved (USD)");
        assertThat(printed).containsPattern("l1\\s*\\|\\s*5\\s*\\|\\s*50\\.0 %\\s*\\|\\s*700\\s*\\|\\s*0\\.0123");
        assertThat(printed).containsPattern("l2\\s*\\|\\s*3\\s*\\|\\s*30\\.0 %");
        assertThat(printed).containsPattern("miss\\s*\\|\\s*2\\s*\\|\\s*20\\.0 %");
    }

    @Test
    public void cacheClearSaysWhatEachCacheDropped() {
        String printed = Printed.by(out -> CacheClear.print(new java.util.LinkedHashMap<>(java.util.Map.of("memory", 3L)),
                out));

        assertThat(printed).contains("memory: 3 answer(s) dropped");
        assertThat(Printed.by(out -> CacheClear.print(java.util.Map.of(), out))).contains("No cache bound.");
    }
}
