package dev.switchboard.rest.internal.json;

import dev.switchboard.store.UsageQuery.Dimension;
import dev.switchboard.store.UsageRow;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * {@code GET /admin/usage} as CSV (RFC 4180): a header line, then one line per group, CRLF line ends, a field
 * quoted when it holds a comma, a quote, CR or LF (quotes doubled); an absent dimension value is an empty field.
 * The columns are those of the JSON rows, in the same order.
 */
public final class UsageCsvWriter {

    private static final List<String> SUMS = List.of("requests", "errors", "cache_hits", "prompt_tokens",
            "completion_tokens", "total_tokens", "cached_tokens", "reasoning_tokens", "cost_usd", "saved_cost_usd",
            "avg_latency_ms", "p50_latency_ms");

    private final Writer out;

    public UsageCsvWriter(Writer out, List<Dimension> dimensions) throws IOException {
        this.out = out;
        StringBuilder header = new StringBuilder();
        for (Dimension dimension : dimensions) {
            header.append(dimension.label()).append(',');
        }
        header.append(String.join(",", SUMS)).append("\r\n");
        out.write(header.toString());
    }

    public void row(UsageRow row) throws IOException {
        StringBuilder line = new StringBuilder(160);
        for (String value : row.group()) {
            field(line, value);
            line.append(',');
        }
        line.append(row.requests()).append(',').append(row.errors()).append(',').append(row.cacheHits()).append(',')
                .append(row.promptTokens()).append(',').append(row.completionTokens()).append(',')
                .append(row.promptTokens() + row.completionTokens()).append(',').append(row.cachedTokens()).append(',')
                .append(row.reasoningTokens()).append(',').append(row.cost().toPlainString()).append(',')
                .append(row.savedCost().toPlainString()).append(',')
                .append(UsageReportWriter.round(row.avgLatencyMillis())).append(',')
                .append(UsageReportWriter.round(row.p50LatencyMillis())).append("\r\n");
        out.write(line.toString());
    }

    /**
     * RFC 4180: quoted when it must be, quotes doubled inside; null is an empty field. A text a spreadsheet would
     * read as a formula ({@code = + - @}, tab, CR first) gets a leading apostrophe (OWASP's CSV injection advice):
     * these files are opened by people, and ids such as a tenant's or a model's are chosen by others.
     */
    static void field(StringBuilder line, String value) {
        if (value == null) {
            return;
        }
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            line.append(value);
            return;
        }
        line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
