package dev.switchboard.grid.internal;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One rate-limit step on the member that owns the key: a sliding window (two fixed windows, the previous
 * weighted) or a token bucket, kept as a {@code long[]} (a type the grid knows). Atomic whatever the number of
 * nodes asking; the backup runs it with the primary's clock reading, so both replicas hold the same numbers.
 * Answers {@code long[] {granted 0/1, used, limit, retryAfterMillis}}.
 */
final class RateOperation implements EntryProcessor<String, long[], long[]>, IdentifiedDataSerializable {

    static final byte SLIDING_WINDOW = 1;
    static final byte TOKEN_BUCKET = 2;

    private byte algorithm;
    private boolean force;
    private long amount;
    private long limit;
    private long windowMillis;
    private long nowMillis;

    RateOperation() {
        // for deserialization
    }

    RateOperation(byte algorithm, boolean force, long amount, long limit, long windowMillis) {
        this.algorithm = algorithm;
        this.force = force;
        this.amount = amount;
        this.limit = limit;
        this.windowMillis = Math.max(1, windowMillis);
    }

    @Override
    public long[] process(Map.Entry<String, long[]> entry) {
        if (nowMillis == 0) {
            nowMillis = System.currentTimeMillis();
        }
        long[] state = entry.getValue();
        return algorithm == TOKEN_BUCKET ? bucket(state, entry) : window(state, entry);
    }

    /** State {@code {windowIndex, current, previous}}. */
    private long[] window(long[] state, Map.Entry<String, long[]> entry) {
        long index = Math.floorDiv(nowMillis, windowMillis);
        long current = 0;
        long previous = 0;
        if (state != null && state.length == 3) {
            if (state[0] == index) {
                current = state[1];
                previous = state[2];
            } else if (state[0] == index - 1) {
                previous = state[1];
            }
        }
        long elapsed = nowMillis - index * windowMillis;
        // the part of the previous window still inside the sliding one
        long weighted = previous * (windowMillis - elapsed) / windowMillis;
        long used = weighted + current;
        boolean granted = force || amount <= 0 || used + amount <= limit;
        if (granted && amount != 0) {
            current = Math.max(0, current + amount);
            used = weighted + current;
        }
        long retryAfter = 0;
        if (!granted) {
            long room = limit - current - amount;
            if (room < 0 || previous == 0) {
                // not before the next window (later still if this one alone is over the limit: approximated)
                retryAfter = windowMillis - elapsed;
            } else {
                // the weighted previous window shrinks as the window slides: when it is down to room
                long at = windowMillis - room * windowMillis / previous;
                retryAfter = at - elapsed;
            }
        }
        store(entry, new long[] {index, current, previous}, 2 * windowMillis);
        return new long[] {granted ? 1 : 0, used, limit, Math.max(retryAfter, granted ? 0 : 1)};
    }

    /** State {@code {tokens x 1000 (milli-tokens, so a slow refill is not lost to rounding), lastMillis}}. */
    private long[] bucket(long[] state, Map.Entry<String, long[]> entry) {
        long capacity = limit > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : Math.max(0, limit) * 1000;
        long tokens = capacity;
        if (state != null && state.length == 2) {
            long elapsed = Math.max(0, nowMillis - state[1]);
            // refill limit per window: limit x 1000 milli-tokens per windowMillis
            long refill = elapsed >= windowMillis ? capacity : (long) ((double) capacity * elapsed / windowMillis);
            tokens = Math.min(capacity, state[0] + refill);
        }
        long asked = amount * 1000;
        boolean granted = force || amount <= 0 || tokens >= asked;
        if (granted) {
            tokens = force ? Math.min(capacity, tokens - asked) : tokens - asked;
        }
        long retryAfter = 0;
        if (!granted) {
            long missing = asked - tokens;
            retryAfter = asked > capacity ? windowMillis
                    : Math.max(1, (long) Math.ceil((double) missing * windowMillis / capacity));
        }
        store(entry, new long[] {tokens, nowMillis}, windowMillis * 2);
        long used = limit - Math.floorDiv(tokens, 1000);
        return new long[] {granted ? 1 : 0, used, limit, retryAfter};
    }

    private static void store(Map.Entry<String, long[]> entry, long[] state, long keepMillis) {
        long seconds = Math.max(1, (keepMillis + 999) / 1000);
        ((ExtendedMapEntry<String, long[]>) entry).setValue(state, seconds, TimeUnit.SECONDS);
    }

    @Override
    public int getFactoryId() {
        return GridSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridSerialization.RATE_OPERATION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(algorithm);
        out.writeBoolean(force);
        out.writeLong(amount);
        out.writeLong(limit);
        out.writeLong(windowMillis);
        out.writeLong(nowMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        algorithm = in.readByte();
        force = in.readBoolean();
        amount = in.readLong();
        limit = in.readLong();
        windowMillis = in.readLong();
        nowMillis = in.readLong();
    }
}
