package dev.switchboard.grid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One budget as the grid holds it: what was spent, the reservations open now (request id -> amount and until
 * when it is held), and the ids of requests that ended lately (settled or released), so a repeated operation
 * is recognised. Only {@link BudgetOperation} changes it, on the member that owns the key (and the same on its
 * backup), so nothing here needs a lock. Identified serialization: the grid's class loader knows this class.
 */
final class BudgetEntry implements IdentifiedDataSerializable {

    /** Ended request ids kept per budget: a retry comes within seconds, long before this many more ended. */
    static final int ENDED_KEPT = 8192;
    static final byte SETTLED = 'S';
    static final byte RELEASED = 'R';

    long spent;
    /** When the grid drops the entry (epoch millis, 0: never), as its last time to live said: for snapshots. */
    long expiresAt;
    final LinkedHashMap<String, long[]> reservations = new LinkedHashMap<>();
    final LinkedHashMap<String, Byte> ended = new LinkedHashMap<>();

    long reserved() {
        long total = 0;
        for (long[] hold : reservations.values()) {
            total = saturatedAdd(total, hold[0]);
        }
        return total;
    }

    /** Drops reservations whose node never settled nor released them (it died, or lost the grid). */
    void dropExpired(long nowMillis) {
        Iterator<Map.Entry<String, long[]>> it = reservations.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, long[]> hold = it.next();
            if (hold.getValue()[1] < nowMillis) {
                it.remove();
                end(hold.getKey(), RELEASED);
            }
        }
    }

    void end(String requestId, byte how) {
        ended.put(requestId, how);
        if (ended.size() > ENDED_KEPT) {
            Iterator<String> oldest = ended.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }

    @Override
    public int getFactoryId() {
        return GridSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridSerialization.BUDGET_ENTRY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(spent);
        out.writeInt(reservations.size());
        for (Map.Entry<String, long[]> hold : reservations.entrySet()) {
            out.writeString(hold.getKey());
            out.writeLong(hold.getValue()[0]);
            out.writeLong(hold.getValue()[1]);
        }
        out.writeInt(ended.size());
        for (Map.Entry<String, Byte> end : ended.entrySet()) {
            out.writeString(end.getKey());
            out.writeByte(end.getValue());
        }
        out.writeLong(expiresAt);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        spent = in.readLong();
        int holds = in.readInt();
        for (int i = 0; i < holds; i++) {
            reservations.put(in.readString(), new long[] {in.readLong(), in.readLong()});
        }
        int ends = in.readInt();
        for (int i = 0; i < ends; i++) {
            ended.put(in.readString(), in.readByte());
        }
        expiresAt = in.readLong();
    }
}
