package dev.switchboard.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The load generator: one selector thread driving N keep-alive HTTP/1.1 connections, so it costs a fraction of
 * a core even at c=64 and leaves the CPU to what it measures.
 *
 * <ul>
 *   <li>Closed loop: each connection sends its next request the moment the previous answer is complete;
 *       latency = completion minus send.</li>
 *   <li>Open loop: requests are due at a fixed rate whatever the server does; a due request waits for a free
 *       connection if none is idle, and its latency is measured from the time it was <em>due</em>, not from
 *       when it could be sent, so a stalled server shows up in the percentiles (no coordinated omission).</li>
 * </ul>
 * Only completions inside the measurement window (after the warm-up) are recorded. Every run is bounded by its
 * warm-up + measure time plus a drain timeout.
 */
final class LoadDriver {

    /** where to send and the exact bytes of the request (one per connection, rewound for each send) */
    record Target(String name, int port, byte[] request) {
    }

    /** what one row measured; latency histograms are in nanoseconds */
    static final class Outcome {
        final Histogram latency = histogram();
        final Histogram firstByte = histogram();
        final Histogram firstContent = histogram();
        final Histogram gaps = histogram();
        long completed;
        long errors;
        long shortGaps;
        long streams;
        long streamsWithWrongEventCount;
        long contentEvents;
        long abandoned;
        long reconnects;
        double seconds;
        double dueRate;
        /** completions (status 200) and errors per window of {@code windowNanos}, when a timeline was asked for */
        long windowNanos;
        long[] windowCompleted = new long[0];
        long[] windowErrors = new long[0];
        /** answers other than 200 by status (0 = no parsable status), to say what the errors were */
        final java.util.TreeMap<Integer, Long> errorStatuses = new java.util.TreeMap<>();

        double perSecond() {
            return completed / seconds;
        }

        private static Histogram histogram() {
            return new Histogram(60_000_000_000L, 3);
        }
    }

    /** stream expectations: how many content events each stream should carry and which gap counts as short */
    record StreamCheck(int chunks, long shortGapNanos) {
    }

    private static final long DRAIN_NANOS = 10_000_000_000L;

    private final Target target;
    private final Outcome outcome = new Outcome();
    private final StreamCheck stream;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private Selector selector;
    private long measureStart;
    private long measureEnd;
    private boolean stopping;
    private int busy;

    private LoadDriver(Target target, StreamCheck stream) {
        this.target = target;
        this.stream = stream;
    }

    static Outcome closedLoop(Target target, int concurrency, double warmupSeconds, double measureSeconds,
            StreamCheck stream) throws IOException {
        return new LoadDriver(target, stream).runClosed(concurrency, warmupSeconds, measureSeconds);
    }

    /**
     * Closed loop with no warm-up, counting completions per window of {@code windowSeconds}: throughput over time,
     * e.g. from the moment a cold gateway says it is ready.
     */
    static Outcome timeline(Target target, int concurrency, double seconds, double windowSeconds) throws IOException {
        LoadDriver driver = new LoadDriver(target, null);
        int windows = (int) Math.ceil(seconds / windowSeconds);
        driver.outcome.windowNanos = (long) (windowSeconds * 1e9);
        driver.outcome.windowCompleted = new long[windows];
        driver.outcome.windowErrors = new long[windows];
        return driver.runClosed(concurrency, 0, seconds);
    }

    static Outcome openLoop(Target target, double perSecond, int connections, double warmupSeconds,
            double measureSeconds) throws IOException {
        return new LoadDriver(target, null).runOpen(perSecond, connections, warmupSeconds, measureSeconds);
    }

    private Outcome runClosed(int concurrency, double warmupSeconds, double measureSeconds) throws IOException {
        selector = Selector.open();
        try {
            Connection[] connections = connect(concurrency);
            long now = System.nanoTime();
            window(now, warmupSeconds, measureSeconds);
            for (Connection c : connections) {
                send(c, now);
            }
            while (true) {
                now = System.nanoTime();
                if (!stopping && now >= measureEnd) {
                    stopping = true;
                }
                if (stopping && (busy == 0 || now - measureEnd > DRAIN_NANOS)) {
                    outcome.abandoned = busy;
                    break;
                }
                long waitMillis = stopping ? 10 : Math.max(1, (measureEnd - now) / 1_000_000 + 1);
                selector.select(waitMillis);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Connection c = (Connection) key.attachment();
                    if (service(c) && !stopping) {
                        send(c, System.nanoTime());
                    }
                }
            }
            close(connections);
            outcome.seconds = measureSeconds;
            return outcome;
        } finally {
            selector.close();
        }
    }

    private Outcome runOpen(double perSecond, int connections, double warmupSeconds, double measureSeconds)
            throws IOException {
        selector = Selector.open();
        Connection[] all = connect(connections);
        ArrayDeque<Connection> idle = new ArrayDeque<>(connections);
        for (Connection c : all) {
            idle.push(c);
        }
        DueTimes due = new DueTimes();
        long interval = (long) (1_000_000_000 / perSecond);
        long now = System.nanoTime();
        window(now, warmupSeconds, measureSeconds);
        long next = now;
        Alarm alarm = new Alarm(selector, next);
        Thread alarmThread = new Thread(alarm, "open-loop-alarm");
        alarmThread.setDaemon(true);
        alarmThread.start();
        try {
            while (true) {
                now = System.nanoTime();
                while (next <= now && next < measureEnd) {
                    due.add(next);
                    next += interval;
                }
                if (!stopping && now >= measureEnd) {
                    stopping = true;
                    outcome.abandoned += due.size();
                    due.clear();
                }
                while (!due.isEmpty() && !idle.isEmpty()) {
                    send(idle.pop(), due.poll());
                }
                if (stopping && (busy == 0 || now - measureEnd > DRAIN_NANOS)) {
                    outcome.abandoned += busy;
                    break;
                }
                alarm.nextDue = stopping ? now + 10_000_000 : Math.min(next, measureEnd);
                selector.select();
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Connection c = (Connection) key.attachment();
                    if (service(c)) {
                        idle.push(c);
                    }
                }
            }
        } finally {
            alarm.running = false;
            LockSupport.unpark(alarmThread);
            close(all);
            selector.close();
        }
        outcome.seconds = measureSeconds;
        outcome.dueRate = perSecond;
        return outcome;
    }

    private void window(long now, double warmupSeconds, double measureSeconds) {
        measureStart = now + (long) (warmupSeconds * 1e9);
        measureEnd = measureStart + (long) (measureSeconds * 1e9);
    }

    private Connection[] connect(int n) throws IOException {
        Connection[] connections = new Connection[n];
        for (int i = 0; i < n; i++) {
            connections[i] = new Connection();
            connections[i].open();
        }
        return connections;
    }

    private void close(Connection[] connections) {
        for (Connection c : connections) {
            c.closeQuietly();
        }
    }

    private void send(Connection c, long intended) throws IOException {
        c.intended = intended;
        c.firstContent = 0;
        c.contentEvents = 0;
        c.parser.reset(stream == null ? null : c);
        c.out.rewind();
        c.busy = true;
        busy++;
        c.channel.write(c.out);
        c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    /** Handles readiness of one connection; true when it has just completed a response and is free again. */
    private boolean service(Connection c) throws IOException {
        SelectionKey key = c.key;
        if (!key.isValid()) {
            return false;
        }
        if (key.isWritable()) {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }
        if (!key.isReadable()) {
            return false;
        }
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            n = -1;
        }
        long now = System.nanoTime();
        if (n < 0) {
            boolean wasBusy = c.busy;
            if (wasBusy) {
                c.busy = false;
                busy--;
                outcome.errors++;
            }
            c.reopen();
            outcome.reconnects++;
            return wasBusy;
        }
        readBuffer.flip();
        if (!c.busy || !c.parser.feed(readBuffer, now)) {
            return false;
        }
        c.busy = false;
        busy--;
        complete(c, now);
        if (c.parser.closeAfter()) {
            c.reopen();
            outcome.reconnects++;
        }
        return true;
    }

    private void complete(Connection c, long now) {
        if (now < measureStart || now >= measureEnd) {
            return;
        }
        int window = outcome.windowNanos > 0
                ? (int) Math.min(outcome.windowCompleted.length - 1, (now - measureStart) / outcome.windowNanos) : -1;
        if (c.parser.status() != 200) {
            outcome.errors++;
            outcome.errorStatuses.merge(c.parser.status(), 1L, Long::sum);
            if (window >= 0) {
                outcome.windowErrors[window]++;
            }
            return;
        }
        outcome.completed++;
        if (window >= 0) {
            outcome.windowCompleted[window]++;
        }
        outcome.latency.recordValue(now - c.intended);
        if (stream != null) {
            outcome.streams++;
            outcome.contentEvents += c.contentEvents;
            if (c.contentEvents != stream.chunks()) {
                outcome.streamsWithWrongEventCount++;
            }
            if (c.firstContent != 0) {
                outcome.firstContent.recordValue(c.firstContent - c.intended);
            }
        }
    }

    private boolean inWindow(long now) {
        return now >= measureStart && now < measureEnd;
    }

    private final class Connection implements ResponseParser.Events {
        final ResponseParser parser = new ResponseParser();
        final ByteBuffer out = ByteBuffer.wrap(target.request());
        SocketChannel channel;
        SelectionKey key;
        long intended;
        long firstContent;
        long lastContent;
        int contentEvents;
        boolean busy;

        void open() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress("127.0.0.1", target.port()));
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
        }

        void reopen() throws IOException {
            closeQuietly();
            open();
        }

        void closeQuietly() {
            try {
                if (key != null) {
                    key.cancel();
                }
                channel.close();
            } catch (IOException ignored) {
                // closing after the run
            }
        }

        @Override
        public void firstByte(long nanos) {
            if (inWindow(nanos)) {
                outcome.firstByte.recordValue(nanos - intended);
            }
        }

        @Override
        public void contentEvent(long nanos) {
            if (contentEvents == 0) {
                firstContent = nanos;
            } else if (inWindow(nanos)) {
                long gap = nanos - lastContent;
                outcome.gaps.recordValue(gap);
                if (gap < stream.shortGapNanos()) {
                    outcome.shortGaps++;
                }
            }
            lastContent = nanos;
            contentEvents++;
        }
    }

    /** Wakes the selector when the next request is due, so the loop blocks on I/O and still sends on time. */
    private static final class Alarm implements Runnable {
        private final Selector selector;
        volatile long nextDue;
        volatile boolean running = true;

        Alarm(Selector selector, long first) {
            this.selector = selector;
            this.nextDue = first;
        }

        @Override
        public void run() {
            long woken = Long.MIN_VALUE;
            while (running) {
                long due = nextDue;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (due != woken) {
                    woken = due;
                    selector.wakeup();
                } else {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
    }

    /** FIFO of due times without boxing. */
    private static final class DueTimes {
        private long[] items = new long[1024];
        private int head;
        private int tail;

        void add(long v) {
            if (tail == items.length) {
                if (head > items.length / 2) {
                    System.arraycopy(items, head, items, 0, tail - head);
                } else {
                    long[] bigger = new long[items.length * 2];
                    System.arraycopy(items, head, bigger, 0, tail - head);
                    items = bigger;
                }
                tail -= head;
                head = 0;
            }
            items[tail++] = v;
        }

        long poll() {
            return items[head++];
        }

        boolean isEmpty() {
            return head == tail;
        }

        int size() {
            return tail - head;
        }

        void clear() {
            head = 0;
            tail = 0;
        }
    }
}
