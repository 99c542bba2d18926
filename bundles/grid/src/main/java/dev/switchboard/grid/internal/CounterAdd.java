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
 * Adds to a counter on the member that owns its partition, so concurrent adds from any node never lose
 * an update, and restarts the counter's time to live. The backup replica runs the same processor.
 */
final class CounterAdd implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable {

    private long delta;
    private long ttlSeconds;

    CounterAdd() {
        // for deserialization
    }

    CounterAdd(long delta, long ttlSeconds) {
        this.delta = delta;
        this.ttlSeconds = ttlSeconds;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        Long current = entry.getValue();
        long next = (current == null ? 0L : current) + delta;
        // Hazelcast: ttl 0 means "live forever", which an unset duration also means for us
        ((ExtendedMapEntry<String, Long>) entry).setValue(next, ttlSeconds, TimeUnit.SECONDS);
        return next;
    }

    @Override
    public int getFactoryId() {
        return GridSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridSerialization.COUNTER_ADD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
        out.writeLong(ttlSeconds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
        ttlSeconds = in.readLong();
    }
}
