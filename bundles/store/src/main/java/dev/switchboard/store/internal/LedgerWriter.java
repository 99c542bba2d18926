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
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger behind the request path: {@link #append} is an {@code offer} to a bounded queue (no lock held
 * while waiting, no I/O, never a block); one thread this writer owns inserts what is queued in batches of
 * up to {@code batchSize} rows, or what came within {@code flushMillis} of a batch's first row. A full queue
 * drops the entry and counts it (logged at most once a minute with the running total): the request path
 * matters more than a ledger row, and the count says how many are missing. While a batch fills, the writer
 * looks at the queue every {@link #COLLECT_NAP_NANOS} instead of waiting on it, so under load an append
 * never wakes it; only the first entry after an idle spell does.
 *
 * <p>A batch is one transaction on a connection the writer keeps. It is a plain INSERT (the cheap write)
 * unless that fails; then the same batch is written with an insert idempotent on the request id, so a batch
 * retried after a failure (which may have committed before the failure was seen) neither loses nor
 * duplicates a row, and neither does a request booked twice. {@link #close} stops taking entries, lets the thread write
 * everything queued, and waits for it: nothing {@link #append} accepted is lost on a clean stop. The thread is
 * never interrupted: an interrupt closes an embedded H2 database's file channel.
 */
final class LedgerWriter implements UsageLedger, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long RETRY_PAUSE_MILLIS = 500;
    /** How often a waiting writer looks whether it should stop (it is never interrupted). */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long the writer naps between looks at the queue while a batch fills. */
    private static final long COLLECT_NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
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
    /** The writer's own connection and statements, reused batch after batch (see {@link #insert}). */
    private Connection connection;
    private PreparedStatement insert;
    private PreparedStatement merge;

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
                    // a nap, not a wait on the queue: waiting there, every append would wake this thread
                    // (a futex wake and two context switches per request); napping, the appends only queue
                    LockSupport.parkNanos(Math.min(left, COLLECT_NAP_NANOS));
                }
                queue.drainTo(batch, batchSize - batch.size());
                writeUntilDone(batch);
                batch.clear();
            } catch (InterruptedException e) {
                // not ours to interrupt; carry on until close() says stop
                Thread.interrupted();
            }
        }
        closeConnection();
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

    /**
     * One attempt at a batch, in one transaction: a plain INSERT first; when that fails (a request id already
     * written, by a retried batch or a request booked twice, or anything else) the transaction is rolled back
     * and the batch goes again as the dialect's idempotent MERGE, which skips the ids already there. The
     * connection and both statements are kept between batches; a failure that leaves the connection unusable
     * drops it and the next attempt opens another. Called by one thread at a time (the writer, or the closing
     * thread once the writer has ended).
     */
    void insert(List<UsageEntry> batch) throws SQLException {
        try {
            write(batch, false);
        } catch (SQLException e) {
            write(batch, true);
        }
    }

    private void write(List<UsageEntry> batch, boolean idempotent) throws SQLException {
        if (connection == null) {
            open();
        }
        PreparedStatement statement = idempotent ? merge : insert;
        try {
            for (UsageEntry entry : batch) {
                bind(statement, entry);
                statement.addBatch();
            }
            statement.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                statement.clearBatch();
                connection.rollback();
            } catch (SQLException | RuntimeException broken) {
                closeConnection();
            }
            throw e;
        }
    }

    private void open() throws SQLException {
        Connection opened = database.connection();
        try {
            opened.setAutoCommit(false);
            insert = opened.prepareStatement(database.dialect().insertUsage);
            merge = opened.prepareStatement(database.dialect().mergeUsage);
            connection = opened;
        } catch (SQLException | RuntimeException e) {
            insert = null;
            merge = null;
            opened.close();
            throw e;
        }
    }

    /** Closes the writer's statements and gives its connection back to the pool; a later batch opens another. */
    void closeConnection() {
        Connection open = connection;
        PreparedStatement[] statements = {insert, merge};
        connection = null;
        insert = null;
        merge = null;
        if (open == null) {
            return;
        }
        for (PreparedStatement statement : statements) {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                // the connection's close below is what matters
            }
        }
        try {
            open.rollback();
            open.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            // broken already: closing is all that is left
        }
        try {
            open.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Usage ledger connection did not close cleanly: {}", e.toString());
        }
    }

    /**
     * Binds one row, each text cut to its column's width (the schema's VARCHAR sizes): a value too long for its
     * column (a JWT subject in the key id, many tags) would fail the INSERT and the MERGE alike, and the writer
     * would retry that batch for ever while the queue fills and drops every other request's row.
     */
    private static void bind(PreparedStatement insert, UsageEntry entry) throws SQLException {
        insert.setString(1, fit(entry.requestId(), 64));
        insert.setLong(2, entry.epochMillis());
        nullable(insert, 3, entry.tenant(), 128);
        nullable(insert, 4, entry.keyId(), 64);
        nullable(insert, 5, entry.model(), 256);
        nullable(insert, 6, entry.providerType(), 64);
        nullable(insert, 7, entry.instance(), 128);
        insert.setLong(8, entry.promptTokens());
        insert.setLong(9, entry.completionTokens());
        insert.setLong(10, entry.cachedTokens());
        insert.setLong(11, entry.reasoningTokens());
        insert.setBigDecimal(12, entry.cost());
        insert.setLong(13, entry.latencyMillis());
        insert.setString(14, entry.status() == null ? "ok" : fit(entry.status(), 64));
        nullable(insert, 15, entry.errorCode(), 64);
        insert.setString(16, fit(entry.endpoint(), 64));
        insert.setLong(17, entry.images());
        insert.setBigDecimal(18, BigDecimal.valueOf(entry.audioSeconds()).setScale(3, RoundingMode.HALF_UP));
        nullable(insert, 19, entry.project(), 128);
        nullable(insert, 20, entry.user(), 256);
        nullable(insert, 21, entry.session(), 256);
        nullable(insert, 22, entry.tags(), 1024);
        nullable(insert, 23, entry.cacheLevel(), 32);
        insert.setBigDecimal(24, entry.savedCost());
    }

    private static void nullable(PreparedStatement insert, int index, String value, int width) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            insert.setString(index, fit(value, width));
        }
    }

    /** {@code value} cut to {@code width} characters, never between the two halves of a surrogate pair. */
    static String fit(String value, int width) {
        if (value.length() <= width) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(width - 1)) ? width - 1 : width;
        return value.substring(0, end);
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
        if (!thread.isAlive()) {
            if (!queue.isEmpty()) {
                // an append that passed the check just as the writer finished: written here, not lost
                List<UsageEntry> late = new ArrayList<>();
                queue.drainTo(late);
                try {
                    writeUntilDone(late);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // the writer's connection, or one a direct insert opened on a writer never started
            closeConnection();
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
