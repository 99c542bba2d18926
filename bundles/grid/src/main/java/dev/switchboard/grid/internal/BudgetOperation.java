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
 * Reserve, settle, release or reset, run on the member that owns the budget's partition: one atomic step,
 * whatever the number of nodes asking at once. Each is idempotent per request id (see
 * {@link dev.switchboard.api.state.SharedBudgets}), because Hazelcast retries an operation whose member left,
 * and the retry may find the first attempt already applied (a synchronous backup has it). The backup replica
 * runs this same processor with the primary's clock reading, so both drop the same expired reservations.
 * Answers {@code long[] {granted 0/1, spent, reserved, spentBefore, reservations}}, a type the grid knows.
 */
final class BudgetOperation implements EntryProcessor<String, BudgetEntry, long[]>, IdentifiedDataSerializable {

    static final byte RESERVE = 1;
    static final byte SETTLE = 2;
    static final byte RELEASE = 3;
    static final byte RESET = 4;
    /** Adds a stored snapshot's spent amount; {@code limit} carries when the entry expires (0: never). */
    static final byte RESTORE = 5;

    private byte kind;
    private String requestId;
    private long amount;
    private long limit;
    private long holdMillis;
    private long ttlSeconds;
    private long nowMillis;

    BudgetOperation() {
        // for deserialization
    }

    BudgetOperation(byte kind, String requestId, long amount, long limit, long holdMillis, long ttlSeconds) {
        this.kind = kind;
        this.requestId = requestId == null ? "" : requestId;
        this.amount = Math.max(0, amount);
        this.limit = limit;
        this.holdMillis = holdMillis;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public long[] process(Map.Entry<String, BudgetEntry> entry) {
        if (nowMillis == 0) {
            // read once, on the primary; the backup gets this processor with the same reading
            nowMillis = System.currentTimeMillis();
        }
        BudgetEntry budget = entry.getValue();
        boolean existed = budget != null;
        if (!existed) {
            if (kind == RESET) {
                return answer(false, null, 0);
            }
            // a release may overtake its own reserve (both sent at once when another limit refused the request):
            // the entry then remembers the request ended, so the late reserve holds nothing
            budget = new BudgetEntry();
        }
        budget.dropExpired(nowMillis);
        long before = budget.spent;
        boolean changed = switch (kind) {
            case RESERVE -> reserve(budget);
            case SETTLE -> settle(budget);
            case RELEASE -> release(budget);
            case RESET -> reset(budget);
            case RESTORE -> restore(budget);
            default -> false;
        };
        // written back even when unchanged: dropped reservations and a fresh time to live count too
        ExtendedMapEntry<String, BudgetEntry> extended = (ExtendedMapEntry<String, BudgetEntry>) entry;
        if (kind == RELEASE && existed) {
            // a release never makes a budget live longer than its settles said
            extended.setValueWithoutChangingExpiryTime(budget);
        } else if (kind == RESTORE && !existed) {
            budget.expiresAt = limit;
            long ttl = limit == 0 ? 0 : Math.max(1, (limit - nowMillis + 999) / 1000);
            extended.setValue(budget, ttl, TimeUnit.SECONDS);
        } else if (ttlSeconds < 0 || kind == RESTORE) {
            extended.setValueWithoutChangingExpiryTime(budget);
        } else {
            budget.expiresAt = ttlSeconds == 0 ? 0 : nowMillis + ttlSeconds * 1000;
            extended.setValue(budget, ttlSeconds, TimeUnit.SECONDS);
        }
        return answer(changed, budget, before);
    }

    private boolean reserve(BudgetEntry budget) {
        if (budget.reservations.containsKey(requestId)) {
            return true; // a repeat of a granted reserve
        }
        if (budget.ended.containsKey(requestId)) {
            return false; // the request already ended; a late repeat must not hold anything again
        }
        long wouldBe = BudgetEntry.saturatedAdd(BudgetEntry.saturatedAdd(budget.spent, budget.reserved()), amount);
        if (limit > 0 && wouldBe > limit) {
            return false;
        }
        budget.reservations.put(requestId, new long[] {amount, nowMillis + holdMillis});
        return true;
    }

    private boolean settle(BudgetEntry budget) {
        Byte ended = budget.ended.get(requestId);
        if (ended != null && ended == BudgetEntry.SETTLED) {
            return false; // booked already
        }
        budget.reservations.remove(requestId);
        budget.spent = BudgetEntry.saturatedAdd(budget.spent, amount);
        budget.end(requestId, BudgetEntry.SETTLED);
        return true;
    }

    private boolean release(BudgetEntry budget) {
        boolean held = budget.reservations.remove(requestId) != null;
        if (!budget.ended.containsKey(requestId)) {
            budget.end(requestId, BudgetEntry.RELEASED);
        }
        return held;
    }

    private boolean restore(BudgetEntry budget) {
        budget.spent = BudgetEntry.saturatedAdd(budget.spent, amount);
        return true;
    }

    private static boolean reset(BudgetEntry budget) {
        budget.spent = 0;
        budget.reservations.clear();
        return true;
    }

    private static long[] answer(boolean granted, BudgetEntry budget, long before) {
        return budget == null ? new long[] {granted ? 1 : 0, 0, 0, 0, 0}
                : new long[] {granted ? 1 : 0, budget.spent, budget.reserved(), before, budget.reservations.size()};
    }

    @Override
    public int getFactoryId() {
        return GridSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridSerialization.BUDGET_OPERATION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(kind);
        out.writeString(requestId);
        out.writeLong(amount);
        out.writeLong(limit);
        out.writeLong(holdMillis);
        out.writeLong(ttlSeconds);
        out.writeLong(nowMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readByte();
        requestId = in.readString();
        amount = in.readLong();
        limit = in.readLong();
        holdMillis = in.readLong();
        ttlSeconds = in.readLong();
        nowMillis = in.readLong();
    }
}
