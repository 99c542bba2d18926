package dev.switchboard.store.internal;

import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger behind the request path: {@link #append} is an {@code offer} to a bounded queue (no lock held
 * while waiting, no I/O, never a block); one thread this writer owns inserts what is queued in batches of
 * up to {@code batchSize} rows, or what came within {@code flushMillis} of a batch's first row. A full queue
 * drops the entry and counts it (logged at most once a minute with the running total): the request path
 * matters more than a ledger row, and the count says how many are missing.
 *
 * <p>Inserts are idempotent on the request id, so a batch retried after a failure (which may have partly
 * committed) neither loses nor duplicates a row. {@link #close} stops taking entries, lets the thread write
 * everything queued, and waits for it: nothing {@link #append} accepted is lost on a clean stop. The thread is
 * never interrupted: an interrupt closes an embedded H2 database's file channel.
 */
final class LedgerWriter implements UsageLedger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long RETRY_PAUSE_MILLIS = 500;
    /** How often a waiting writer looks whether it should stop (it is never interrupted). */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Attempts of a batch once stopping: the database may be gone for good. */
    private static final int ATTEMPTS_WHEN_STOPPING = 3;

    private final Database database;
    private final BlockingQueue<UsageEntry> queue;
    private final int batchSize;
    private final long flushNanos;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_INTERVAL_NANOS);
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean stopping;

    LedgerWriter(Database database, int capacity, int batchSize, long flushMillis) {
        this.database = database;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
        this.thread = new Thread(this::run, "switchboard-ledger-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public boolean append(UsageEntry entry) {
        if (accepting && queue.offer(entry)) {
            return true;
        }
        long total = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropLog.get();
        if (now - last >= DROP_LOG_INTERVAL_NANOS && lastDropLog.compareAndSet(last, now)) {
            LOG.warn("Usage ledger {}: dropped {} entr{} so far (queue of {} full, or the store stopping)",
                    accepting ? "behind" : "closed", total, total == 1 ? "y" : "ies", queue.remainingCapacity() + queue.size());
        }
        return false;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    long written() {
        return written.get();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<UsageEntry> batch = new ArrayList<>(batchSize);
        while (!stopping || !queue.isEmpty()) {
            try {
                UsageEntry first = queue.poll(Math.min(flushNanos, STOP_CHECK_NANOS), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + flushNanos;
                while (batch.size() < batchSize && !stopping) {
                    queue.drainTo(batch, batchSize - batch.size());
                    long left = deadline - System.nanoTime();
                    if (batch.size() >= batchSize || left <= 0) {
                        break;
                    }
                    UsageEntry next = queue.poll(Math.min(left, STOP_CHECK_NANOS), TimeUnit.NANOSECONDS);
                    if (next != null) {
                        batch.add(next);
                    }
                }
                queue.drainTo(batch, batchSize - batch.size());
                writeUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                // not ours to interrupt; carry on until close() says stop
                Thread.interrupted();
            }
        }
    }

    private void writeUntilDone(List<UsageEntry> batch) throws InterruptedException {
        int failures = 0;
        while (true) {
            try {
                insert(batch);
                written.addAndGet(batch.size());
                if (failures > 0) {
                    LOG.info("Usage ledger writes again after {} failed attempt(s)", failures);
                }
                return;
            } catch (SQLException | RuntimeException e) {
                failures++;
                if (failures == 1) {
                    LOG.warn("Usage ledger could not write {} entr{}, retrying: {}", batch.size(),
                            batch.size() == 1 ? "y" : "ies", e.toString());
                }
                if (stopping && failures >= ATTEMPTS_WHEN_STOPPING) {
                    long lost = batch.size() + queue.size();
                    LOG.error("Usage ledger stopping with the store failing: {} entr{} not written", lost,
                            lost == 1 ? "y" : "ies");
                    queue.clear();
                    return;
                }
                Thread.sleep(RETRY_PAUSE_MILLIS);
            }
        }
    }

    void insert(List<UsageEntry> batch) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(database.dialect().insertUsage)) {
                for (UsageEntry entry : batch) {
                    bind(insert, entry);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static void bind(PreparedStatement insert, UsageEntry entry) throws SQLException {
        insert.setString(1, entry.requestId());
        insert.setLong(2, entry.epochMillis());
        nullable(insert, 3, entry.tenant());
        nullable(insert, 4, entry.keyId());
        nullable(insert, 5, entry.model());
        nullable(insert, 6, entry.providerType());
        nullable(insert, 7, entry.instance());
        insert.setLong(8, entry.promptTokens());
        insert.setLong(9, entry.completionTokens());
        insert.setLong(10, entry.cachedTokens());
        insert.setLong(11, entry.reasoningTokens());
        insert.setBigDecimal(12, entry.cost());
        insert.setLong(13, entry.latencyMillis());
        insert.setString(14, entry.status() == null ? "ok" : entry.status());
        nullable(insert, 15, entry.errorCode());
        insert.setString(16, entry.endpoint());
        insert.setLong(17, entry.images());
        insert.setBigDecimal(18, BigDecimal.valueOf(entry.audioSeconds()).setScale(3, RoundingMode.HALF_UP));
        nullable(insert, 19, entry.cacheLevel());
        insert.setBigDecimal(20, entry.savedCost());
    }

    private static void nullable(PreparedStatement insert, int index, String value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            insert.setString(index, value);
        }
    }

    /** Stops taking entries, writes everything queued, and waits up to {@code waitMillis} for it. */
    void close(long waitMillis) {
        accepting = false;
        stopping = true;
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive() && !queue.isEmpty()) {
            // an append that passed the check just as the writer finished: written here, not lost
            List<UsageEntry> late = new ArrayList<>();
            queue.drainTo(late);
            try {
                writeUntilDone(late);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.isAlive()) {
            LOG.error("Usage ledger writer still busy after {} ms at stop; {} entr{} may not be written", waitMillis,
                    queue.size(), queue.size() == 1 ? "y" : "ies");
        }
    }

    @Override
    public void close() {
        close(30_000);
    }
}
