package dev.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.api.state.SharedCounters;
import dev.switchboard.grid.GridMember;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@link SharedCounters} as one grid map of longs, each entry expiring when it is not added to. Expiry
 * is as precise as the grid's clock: whole seconds.
 */
@Component(service = SharedCounters.class)
public final class GridCounters implements SharedCounters {

    static final String MAP_NAME = "switchboard.counters";

    private final IMap<String, Long> counters;
    private final Executor callbacks;

    @Activate
    public GridCounters(@Reference(name = "member") GridMember member) {
        this(member.hazelcast(), member.callbackExecutor());
    }

    GridCounters(HazelcastInstance hazelcast, Executor callbacks) {
        this.counters = hazelcast.getMap(MAP_NAME);
        this.callbacks = callbacks;
    }

    @Override
    public long addAndGet(String counter, long delta, Duration expireAfter) {
        return counters.executeOnKey(counter, new CounterAdd(delta, ttlSeconds(expireAfter)));
    }

    /** The stage completes on the grid's callback threads: see {@link #onCallbackThreads}. */
    @Override
    public CompletionStage<Long> addAndGetAsync(String counter, long delta, Duration expireAfter) {
        return onCallbackThreads(counters.submitToKey(counter, new CounterAdd(delta, ttlSeconds(expireAfter))),
                callbacks);
    }

    /**
     * A plain JDK stage completed on {@code callbacks}: a caller's {@code whenComplete} then runs on one of
     * those threads (or on its own when the stage is already done), never on Hazelcast's default async
     * executor, which starts a thread per callback on a 2-core machine.
     */
    static <T> CompletionStage<T> onCallbackThreads(CompletionStage<T> gridStage, Executor callbacks) {
        CompletableFuture<T> result = new CompletableFuture<>();
        gridStage.whenCompleteAsync((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }, callbacks);
        return result;
    }

    /** The grid keeps expiry times in whole seconds and drops shorter TTLs at once, so round up. */
    static long ttlSeconds(Duration expireAfter) {
        if (expireAfter == null || expireAfter.isZero() || expireAfter.isNegative()) {
            return 0L;
        }
        long seconds = expireAfter.getSeconds();
        return expireAfter.getNano() > 0 ? seconds + 1 : seconds;
    }

    @Override
    public long get(String counter) {
        Long value = counters.get(counter);
        return value == null ? 0L : value;
    }
}
