package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageQuery.Dimension;
import dev.switchboard.store.UsageRow;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * The JSON body of {@code GET /admin/usage}, written as the rows arrive: {@code object}, the range, the grouping,
 * {@code totals} over the whole range, {@code data} (one object per group: its dimensions by label, then the
 * sums), {@code has_more} and, when there is more, {@code next_offset}. Costs are JSON numbers in USD written from
 * their exact decimals; latencies in milliseconds.
 */
public final class UsageReportWriter implements Closeable {

    private final JsonGenerator gen;
    private final List<Dimension> dimensions;

    public UsageReportWriter(OutputStream out, UsageQuery query, UsageRow totals) throws IOException {
        this.gen = Json.generator(out);
        this.dimensions = query.groupBy();
        gen.writeStartObject();
        gen.writeStringField("object", "usage.report");
        gen.writeStringField("from", Instant.ofEpochMilli(query.fromMillis()).toString());
        gen.writeStringField("to", Instant.ofEpochMilli(query.toMillis()).toString());
        gen.writeArrayFieldStart("group_by");
        for (Dimension dimension : dimensions) {
            gen.writeString(dimension.label());
        }
        gen.writeEndArray();
        gen.writeFieldName("totals");
        gen.writeStartObject();
        sums(totals);
        gen.writeEndObject();
        gen.writeArrayFieldStart("data");
    }

    public void row(UsageRow row) throws IOException {
        gen.writeStartObject();
        for (int i = 0; i < dimensions.size(); i++) {
            String value = row.group().get(i);
            if (value == null) {
                gen.writeNullField(dimensions.get(i).label());
            } else {
                gen.writeStringField(dimensions.get(i).label(), value);
            }
        }
        sums(row);
        gen.writeEndObject();
    }

    /** Closes {@code data} and the document; {@code nextOffset} below 0 when this was the last page. */
    public void end(long nextOffset) throws IOException {
        gen.writeEndArray();
        gen.writeBooleanField("has_more", nextOffset >= 0);
        if (nextOffset >= 0) {
            gen.writeNumberField("next_offset", nextOffset);
        }
        gen.writeEndObject();
    }

    private void sums(UsageRow row) throws IOException {
        gen.writeNumberField("requests", row.requests());
        gen.writeNumberField("errors", row.errors());
        gen.writeNumberField("cache_hits", row.cacheHits());
        gen.writeNumberField("prompt_tokens", row.promptTokens());
        gen.writeNumberField("completion_tokens", row.completionTokens());
        gen.writeNumberField("total_tokens", row.promptTokens() + row.completionTokens());
        gen.writeNumberField("cached_tokens", row.cachedTokens());
        gen.writeNumberField("reasoning_tokens", row.reasoningTokens());
        gen.writeNumberField("cost_usd", row.cost());
        gen.writeNumberField("saved_cost_usd", row.savedCost());
        gen.writeNumberField("avg_latency_ms", round(row.avgLatencyMillis()));
        gen.writeNumberField("p50_latency_ms", round(row.p50LatencyMillis()));
    }

    static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }

    @Override
    public void close() throws IOException {
        gen.close();
    }
}
