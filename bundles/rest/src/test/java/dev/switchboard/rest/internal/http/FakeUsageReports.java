package dev.switchboard.rest.internal.http;

import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageReports;
import dev.switchboard.store.UsageRow;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Usage reports from a list: pages it as the store would, and remembers the last query asked. */
final class FakeUsageReports implements UsageReports {

    volatile List<UsageRow> rows = new ArrayList<>();
    volatile UsageQuery lastQuery;
    volatile RuntimeException failure;

    static UsageRow row(List<String> group, long requests, String cost) {
        return new UsageRow(group, requests, 1, 0, 100, 50, 10, 5, new BigDecimal(cost), BigDecimal.ZERO, 120.0,
                100.0);
    }

    @Override
    public int report(UsageQuery query, RowSink sink) throws IOException {
        lastQuery = query;
        if (failure != null) {
            throw failure;
        }
        int sent = 0;
        for (int i = query.offset(); i < rows.size() && sent < query.limit(); i++) {
            sink.accept(rows.get(i));
            sent++;
        }
        return sent;
    }

    @Override
    public UsageRow totals(UsageQuery query) {
        if (failure != null) {
            throw failure;
        }
        long requests = rows.stream().mapToLong(UsageRow::requests).sum();
        return new UsageRow(List.of(), requests, 0, 0, 0, 0, 0, 0, BigDecimal.ONE, BigDecimal.ZERO, 0, 0);
    }
}
