package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.switchboard.store.UsageEntry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LedgerWriterTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();
    private Path dir;
    private Database database;

    @Before
    public void open() throws Exception {
        dir = folder.newFolder().toPath();
        database = StoreFixtures.h2(dir);
    }

    @After
    public void close() {
        database.close();
    }

    @Test
    public void aFullBatchIsWrittenWithoutWaitingForTheFlushTime() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 100, 5, 600_000);
        writer.start();
        try {
            for (int i = 0; i < 5; i++) {
                assertTrue(writer.append(StoreFixtures.entry("req_" + i)));
            }
            assertEquals(5, StoreFixtures.awaitLedgerRows(database, 5));
        } finally {
            writer.close();
        }
    }

    @Test
    public void aPartBatchIsWrittenAfterTheFlushTime() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 100, 1000, 50);
        writer.start();
        try {
            writer.append(StoreFixtures.entry("req_1"));
            assertEquals(1, StoreFixtures.awaitLedgerRows(database, 1));
        } finally {
            writer.close();
        }
    }

    @Test
    public void theSameRequestTwiceIsOneRow() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 100, 1000, 600_000);
        writer.start();
        writer.append(StoreFixtures.entry("req_same"));
        writer.append(StoreFixtures.entry("req_same"));
        writer.close();
        assertEquals(1, StoreFixtures.ledgerRows(database));
    }

    @Test
    public void aBatchRetriedAfterAPartialCommitNeitherLosesNorDuplicates() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 100, 100, 100);
        writer.insert(List.of(StoreFixtures.entry("req_a"), StoreFixtures.entry("req_b")));
        writer.insert(List.of(StoreFixtures.entry("req_a"), StoreFixtures.entry("req_b"), StoreFixtures.entry("req_c")));
        assertEquals(3, StoreFixtures.ledgerRows(database));
        writer.close();
    }

    @Test
    public void aBatchWithAnIdAlreadyWrittenKeepsTheWriterWritingOnItsConnection() throws Exception {
        // the plain INSERT fails on the duplicate and is rolled back; the idempotent write of the same batch must
        // leave the kept connection usable for the batches after it
        LedgerWriter writer = new LedgerWriter(database, 100, 100, 100);
        writer.insert(List.of(StoreFixtures.entry("req_a")));
        writer.insert(List.of(StoreFixtures.entry("req_b"), StoreFixtures.entry("req_a"), StoreFixtures.entry("req_b")));
        writer.insert(List.of(StoreFixtures.entry("req_c")));
        assertEquals("the writer keeps one connection", 1, database.activeConnections());
        writer.close();
        assertEquals(3, StoreFixtures.ledgerRows(database));
        assertEquals("closing gives it back", 0, database.activeConnections());
    }

    @Test
    public void stoppingWritesEverythingAccepted() throws Exception {
        // batches never fill and the flush time never comes: only the drain on close writes them
        LedgerWriter writer = new LedgerWriter(database, 1000, 1000, 600_000);
        writer.start();
        for (int i = 0; i < 300; i++) {
            assertTrue(writer.append(StoreFixtures.entry("req_" + i)));
        }
        writer.close();
        assertEquals(300, StoreFixtures.ledgerRows(database));
        assertEquals(0, writer.dropped());
    }

    @Test
    public void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 2, 10, 10);
        // not started: nothing takes from the queue
        assertTrue(writer.append(StoreFixtures.entry("req_1")));
        assertTrue(writer.append(StoreFixtures.entry("req_2")));
        assertFalse(writer.append(StoreFixtures.entry("req_3")));
        assertFalse(writer.append(StoreFixtures.entry("req_4")));
        assertEquals(2, writer.dropped());
        assertEquals(2, writer.queued());
    }

    @Test
    public void afterCloseAppendsAreRefusedAndCounted() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 10, 10, 10);
        writer.start();
        writer.close();
        assertFalse(writer.append(StoreFixtures.entry("req_late")));
        assertEquals(1, writer.dropped());
    }

    @Test
    public void aUsageSurvivesARestart() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 10, 10, 600_000);
        writer.start();
        writer.append(new UsageEntry("req_kept", 1_700_000_000_123L, "acme", "key_9", "claude", "anthropic",
                "anthropic-eu", 100, 200, 30, 40, new BigDecimal("0.0123456789"), 812, "ok", null));
        writer.close();
        database.close();

        database = Database.open(StoreComponent.defaultUrl(dir), "", "", 2);
        assertEquals("nothing to migrate on reopen", List.of(), SchemaMigrations.migrate(database));
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT at_millis, tenant, key_id, model, provider_type, instance,"
                     + " prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost, latency_ms, status,"
                     + " error_code FROM usage_ledger WHERE request_id = 'req_kept'")) {
            assertTrue(row.next());
            assertEquals(1_700_000_000_123L, row.getLong(1));
            assertEquals("acme", row.getString(2));
            assertEquals("key_9", row.getString(3));
            assertEquals("claude", row.getString(4));
            assertEquals("anthropic", row.getString(5));
            assertEquals("anthropic-eu", row.getString(6));
            assertEquals(100, row.getLong(7));
            assertEquals(200, row.getLong(8));
            assertEquals(30, row.getLong(9));
            assertEquals(40, row.getLong(10));
            assertEquals(0, new BigDecimal("0.0123456789").compareTo(row.getBigDecimal(11)));
            assertEquals(812, row.getLong(12));
            assertEquals("ok", row.getString(13));
            assertEquals(null, row.getString(14));
        }
    }

    @Test
    public void valuesLongerThanTheirColumnsAreCutNotAFailingBatchForEver() throws Exception {
        // a JWT caller's key id carries its subject (up to 256 characters) and tags add up: the row must still go in
        LedgerWriter writer = new LedgerWriter(database, 10, 10, 600_000);
        String keyId = "jwt:acme/" + "u".repeat(300);
        writer.insert(List.of(new UsageEntry("req_long", 1_700_000_000_000L, "acme", keyId, "gpt-test", "openai",
                "openai-main", 1, 1, 0, 0, BigDecimal.ONE, 10, "ok", null, "chat", 0, 0, "p", "u".repeat(400),
                "s".repeat(400), "t".repeat(2000)), StoreFixtures.entry("req_next")));
        writer.close();
        assertEquals(2, StoreFixtures.ledgerRows(database));
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT key_id, tags FROM usage_ledger"
                     + " WHERE request_id = 'req_long'")) {
            assertTrue(row.next());
            assertEquals(keyId.substring(0, 64), row.getString(1));
            assertEquals(1024, row.getString(2).length());
        }
        assertEquals("ab", LedgerWriter.fit("ab\uD83D\uDE00", 3));
    }

    @Test
    public void anEndpointBeyondChatIsBookedWithItsImagesAndAudioSeconds() throws Exception {
        LedgerWriter writer = new LedgerWriter(database, 10, 10, 600_000);
        writer.start();
        writer.append(new UsageEntry("req_img", 1_700_000_000_200L, "acme", "key_9", "gpt-image-1", "openai",
                "openai-main", 12, 0, 0, 0, new BigDecimal("0.08"), 900, "ok", null, "images", 2, 0));
        writer.append(new UsageEntry("req_asr", 1_700_000_000_300L, "acme", "key_9", "whisper-1", "openai",
                "openai-main", 0, 0, 0, 0, new BigDecimal("0.0042"), 400, "ok", null, "transcriptions", 0, 42.5));
        writer.append(StoreFixtures.entry("req_chat"));
        writer.close();
        try (Connection connection = database.connection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT request_id, endpoint, images, audio_seconds"
                     + " FROM usage_ledger ORDER BY request_id")) {
            assertTrue(row.next());
            assertEquals("req_asr", row.getString(1));
            assertEquals("transcriptions", row.getString(2));
            assertEquals(0, new BigDecimal("42.5").compareTo(row.getBigDecimal(4)));
            assertTrue(row.next());
            assertEquals("req_chat", row.getString(1));
            assertEquals("chat", row.getString(2));
            assertTrue(row.next());
            assertEquals("req_img", row.getString(1));
            assertEquals("images", row.getString(2));
            assertEquals(2, row.getLong(3));
        }
    }
}
