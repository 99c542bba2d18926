package dev.switchboard.core.internal.cache;

import dev.switchboard.api.cache.CacheLevel;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.core.api.StatsReport;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each bound cache says about itself ({@code level()}, {@code stats()}), for the stats report. Plugin
 * code: one cache that throws must not take the report (and the shell command) down with it.
 */
public final class CacheReports {

    private static final Logger LOG = LoggerFactory.getLogger(CacheReports.class);

    private CacheReports() {
    }

    public static List<StatsReport.Cache> of(List<ResponseCache> caches) {
        List<StatsReport.Cache> result = new ArrayList<>(caches.size());
        for (ResponseCache cache : caches) {
            String name = cache.getClass().getName();
            CacheLevel level = null;
            CacheStats stats = null;
            try {
                name = cache.name();
                level = cache.level();
                stats = cache.stats();
            } catch (RuntimeException e) {
                LOG.debug("Cache '{}' did not report its stats", name, e);
            }
            result.add(new StatsReport.Cache(name, level, stats));
        }
        return result;
    }
}
