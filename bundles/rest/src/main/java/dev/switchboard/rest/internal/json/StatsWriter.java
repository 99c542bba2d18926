package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.core.api.StatsReport;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of {@code /admin/stats}: the figures of {@code switchboard:stats}. Cost is a JSON number in USD
 * written from its exact decimal; latencies in milliseconds.
 */
public final class StatsWriter {

    public void write(StatsReport report, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeArrayFieldStart("routes");
            for (StatsReport.Row row : report.rows()) {
                gen.writeStartObject();
                gen.writeStringField("instance", row.instanceId());
                gen.writeStringField("model", row.model());
                gen.writeNumberField("requests", row.requests());
                gen.writeNumberField("errors", row.errors());
                gen.writeNumberField("prompt_tokens", row.promptTokens());
                gen.writeNumberField("completion_tokens", row.completionTokens());
                gen.writeNumberField("cost_usd", row.costUsd());
                gen.writeObjectFieldStart("latency_ms");
                gen.writeNumberField("p50", row.p50Millis());
                gen.writeNumberField("p95", row.p95Millis());
                gen.writeNumberField("p99", row.p99Millis());
                gen.writeEndObject();
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeNumberField("cache_hits", report.cacheHits());
            gen.writeNumberField("quota_denials", report.quotaDenials());
            gen.writeArrayFieldStart("failures");
            for (StatsReport.Failures failures : report.failures()) {
                gen.writeStartObject();
                gen.writeStringField("instance", failures.instanceId());
                gen.writeStringField("code", failures.code());
                gen.writeNumberField("count", failures.count());
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeArrayFieldStart("caches");
            for (StatsReport.Cache cache : report.caches()) {
                gen.writeStartObject();
                gen.writeStringField("name", cache.name());
                gen.writeStringField("level", String.valueOf(cache.level()));
                if (cache.stats() == null) {
                    gen.writeNullField("stats");
                } else {
                    gen.writeObjectFieldStart("stats");
                    gen.writeNumberField("hits", cache.stats().hits());
                    gen.writeNumberField("misses", cache.stats().misses());
                    gen.writeNumberField("puts", cache.stats().puts());
                    gen.writeNumberField("evictions", cache.stats().evictions());
                    gen.writeNumberField("size", cache.stats().size());
                    gen.writeEndObject();
                }
                gen.writeEndObject();
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }
}
