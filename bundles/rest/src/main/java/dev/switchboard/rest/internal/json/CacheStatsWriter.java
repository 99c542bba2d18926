package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.cache.CacheStats;
import dev.switchboard.core.api.StatsReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/** The body of {@code GET /admin/cache} and {@code DELETE /admin/cache}. */
public final class CacheStatsWriter {

    public void write(StatsReport report, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeArrayFieldStart("caches");
            for (StatsReport.Cache cache : report.caches()) {
                gen.writeStartObject();
                gen.writeStringField("name", cache.name());
                gen.writeStringField("level", cache.level() == null ? null : cache.level().name().toLowerCase(Locale.ROOT));
                CacheStats stats = cache.stats();
                if (stats != null) {
                    gen.writeNumberField("hits", stats.hits());
                    gen.writeNumberField("misses", stats.misses());
                    gen.writeNumberField("hit_ratio", stats.hitRatio());
                    gen.writeNumberField("puts", stats.puts());
                    gen.writeNumberField("evictions", stats.evictions());
                    gen.writeNumberField("entries", stats.size());
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            StatsReport.CacheTotals totals = report.cacheTotals();
            gen.writeObjectFieldStart("gateway");
            gen.writeNumberField("misses", totals.misses());
            gen.writeNumberField("hit_ratio", totals.hitRatio());
            gen.writeArrayFieldStart("levels");
            for (StatsReport.LevelTotals level : totals.levels()) {
                gen.writeStartObject();
                gen.writeStringField("level", level.level());
                gen.writeNumberField("hits", level.hits());
                gen.writeNumberField("tokens_saved", level.tokensSaved());
                gen.writeNumberField("cost_saved_usd", level.costSavedUsd());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }

    public void writeCleared(Map<String, Long> cleared, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeObjectFieldStart("cleared");
            for (Map.Entry<String, Long> entry : cleared.entrySet()) {
                gen.writeNumberField(entry.getKey(), entry.getValue());
            }
            gen.writeEndObject();
            gen.writeEndObject();
        }
    }
}
