package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageQuery.Dimension;
import dev.switchboard.store.UsageRow;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdbcUsageReportsTest {

    /** 2023-11-14T22:13:20Z and the next UTC day. */
    private static final long T0 = 1_700_000_000_000L;
    private static final long DAY = 86_400_000L;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    static UsageEntry ok(String id, long at, String tenant, String model, long prompt, String cost, long latency) {
        return new UsageEntry(id, at, tenant, "key_" + tenant, model, "openai", "openai-main", prompt, 10, 2, 1,
                new BigDecimal(cost), latency, "ok", null);
    }

    static List<UsageEntry> sample() {
        return List.of(
                ok("r1", T0, "acme", "gpt-4o", 100, "0.01", 100),
                ok("r2", T0 + 1, "acme", "gpt-4o", 200, "0.02", 300),
                ok("r3", T0 + 2, "acme", "gpt-4o-mini", 50, "0.001", 200),
                ok("r4", T0 + DAY, "globex", "gpt-4o", 10, "0.005", 50),
                // a failure and a cache hit are booked too
                new UsageEntry("r5", T0 + DAY, "globex", "key_globex", "gpt-4o", "openai", "openai-main", 0, 0, 0, 0,
                        BigDecimal.ZERO, 20, "upstream_rate_limited", "RATE_LIMIT", "chat", 0, 0, null, null, null, null,
                        null, null),
                new UsageEntry("r6", T0 + DAY, "globex", "key_globex", "gpt-4o", null, null, 10, 10, 0, 0,
                        BigDecimal.ZERO, 1, "ok", null, "chat", 0, 0, null, null, null, null,
                        "memory", new BigDecimal("0.004")),
                ok("r7", T0 + 10 * DAY, "acme", "gpt-4o", 1, "1", 1)); // outside the range below
    }

    private static UsageQuery query(List<Dimension> groupBy, String tenant) {
        return new UsageQuery(T0 - 1000, T0 + 2 * DAY, groupBy, tenant, null, null, null, null, 0, 100);
    }

    private static List<UsageRow> report(JdbcUsageReports reports, UsageQuery query) throws IOException {
        List<UsageRow> rows = new ArrayList<>();
        reports.report(query, rows::add);
        return rows;
    }

    @Test
    public void groupsByTenantAndModelWithSumsErrorsCacheHitsAndLatency() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            new LedgerWriter(database, 10, 10, 10).insert(sample());
            JdbcUsageReports reports = new JdbcUsageReports(database);

            List<UsageRow> rows = report(reports, query(List.of(Dimension.TENANT, Dimension.MODEL), null));
            assertEquals(3, rows.size());
            UsageRow acme4o = rows.get(0);
            assertEquals(List.of("acme", "gpt-4o"), acme4o.group());
            assertEquals(2, acme4o.requests());
            assertEquals(300, acme4o.promptTokens());
            assertEquals(20, acme4o.completionTokens());
            assertEquals(4, acme4o.cachedTokens());
            assertEquals(2, acme4o.reasoningTokens());
            assertEquals(0, new BigDecimal("0.03").compareTo(acme4o.cost()));
            assertEquals(200.0, acme4o.avgLatencyMillis(), 0.001);
            assertEquals(200.0, acme4o.p50LatencyMillis(), 0.001);

            UsageRow globex = rows.get(2);
            assertEquals(List.of("globex", "gpt-4o"), globex.group());
            assertEquals(3, globex.requests());
            assertEquals(1, globex.errors());
            assertEquals(1, globex.cacheHits());
            assertEquals(0, new BigDecimal("0.004").compareTo(globex.savedCost()));
        }
    }

    @Test
    public void oneRequestIsFoundByItsIdTheXRequestIdItsClientGot() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            new LedgerWriter(database, 10, 10, 10).insert(sample());
            JdbcUsageReports reports = new JdbcUsageReports(database);
            UsageQuery r5 = new UsageQuery(T0 - 1000, T0 + 2 * DAY, List.of(Dimension.STATUS), null, null, null,
                    null, null, "r5", 0, 100);

            List<UsageRow> rows = report(reports, r5);
            assertEquals(1, rows.size());
            assertEquals(List.of("upstream_rate_limited"), rows.get(0).group());
            assertEquals(1, reports.totals(r5).requests());
            UsageQuery unknown = new UsageQuery(T0 - 1000, T0 + 2 * DAY, List.of(), null, null, null, null, null,
                    "r99", 0, 100);
            assertEquals(0, reports.totals(unknown).requests());
        }
    }

    @Test
    public void groupsByUtcDayAndFiltersByTenantAndPages() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            new LedgerWriter(database, 10, 10, 10).insert(sample());
            JdbcUsageReports reports = new JdbcUsageReports(database);

            List<UsageRow> days = report(reports, query(List.of(Dimension.DAY), null));
            assertEquals(List.of("2023-11-14"), days.get(0).group());
            assertEquals(3, days.get(0).requests());
            assertEquals(List.of("2023-11-15"), days.get(1).group());
            assertEquals(2, days.size());

            List<UsageRow> acme = report(reports, query(List.of(Dimension.TENANT), "acme"));
            assertEquals(1, acme.size());
            assertEquals(3, acme.get(0).requests()); // r7 is outside the range

            UsageQuery second = new UsageQuery(T0 - 1000, T0 + 2 * DAY, List.of(Dimension.MODEL), null, null, null,
                    null, null, 1, 1);
            List<UsageRow> page = report(reports, second);
            assertEquals(1, page.size());
            assertEquals(List.of("gpt-4o-mini"), page.get(0).group());

            UsageRow totals = reports.totals(query(List.of(Dimension.MODEL), null));
            assertEquals(6, totals.requests());
            assertEquals(List.of(), totals.group());
        }
    }

    @Test
    public void anEmptyRangeHasZeroTotalsAndNoRows() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            JdbcUsageReports reports = new JdbcUsageReports(database);
            assertEquals(List.of(), report(reports, query(List.of(Dimension.PROVIDER), null)));
            UsageRow totals = reports.totals(query(List.of(), null));
            assertEquals(0, totals.requests());
            assertEquals(BigDecimal.ZERO, totals.cost());
        }
    }

    @Test
    public void aNullGroupValueComesFirstAsNull() throws Exception {
        try (Database database = StoreFixtures.h2(folder.newFolder().toPath())) {
            new LedgerWriter(database, 10, 10, 10).insert(sample());
            List<UsageRow> providers = report(new JdbcUsageReports(database), query(List.of(Dimension.PROVIDER), null));
            assertNull(providers.get(0).group().get(0)); // the cache hit has no provider
            assertEquals(1, providers.get(0).requests());
        }
    }

    @Test
    public void usageSurvivesTheStoreReopened() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            LedgerWriter writer = new LedgerWriter(database, 100, 10, 600_000);
            writer.start();
            for (UsageEntry entry : sample()) {
                writer.append(entry);
            }
            writer.close(); // a clean stop writes what was accepted
        }
        try (Database reopened = StoreFixtures.h2(dir)) {
            UsageRow totals = new JdbcUsageReports(reopened).totals(query(List.of(), null));
            assertEquals(6, totals.requests());
            assertEquals(1, totals.errors());
            assertEquals(1, totals.cacheHits());
            assertEquals(0, new BigDecimal("0.036").compareTo(totals.cost()));
        }
    }

    @Test
    public void aRangeThatEndsBeforeItStartsOrATwiceNamedDimensionIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new UsageQuery(10, 10, List.of(), null, null, null, null, null, 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new UsageQuery(0, 10, List.of(Dimension.DAY, Dimension.DAY), null, null, null, null, null, 0, 1));
    }
}
