package dev.switchboard.grid.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.api.state.SharedRateLimits;
import dev.switchboard.grid.GridMember;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link SharedRateLimits} as one grid map of {@code long[]} states changed only by {@link RateOperation}s. */
@Component(service = SharedRateLimits.class)
public final class GridRateLimits implements SharedRateLimits {

    static final String MAP_NAME = "switchboard.rate-limits";

    private final IMap<String, long[]> limits;
    private final Executor callbacks;

    @Activate
    public GridRateLimits(@Reference(name = "member") GridMember member) {
        this(member.hazelcast(), member.callbackExecutor());
    }

    GridRateLimits(HazelcastInstance hazelcast, Executor callbacks) {
        this.limits = hazelcast.getMap(MAP_NAME);
        this.callbacks = callbacks;
    }

    @Override
    public CompletionStage<RateState> acquire(String key, Algorithm algorithm, long amount, long limit, Duration window) {
        return submit(key, new RateOperation(code(algorithm), false, amount, limit, window.toMillis()));
    }

    @Override
    public CompletionStage<RateState> adjust(String key, Algorithm algorithm, long delta, long limit, Duration window) {
        return submit(key, new RateOperation(code(algorithm), true, delta, limit, window.toMillis()));
    }

    @Override
    public void reset(String key) {
        limits.delete(key);
    }

    private CompletionStage<RateState> submit(String key, RateOperation operation) {
        return GridCounters.onCallbackThreads(limits.submitToKey(key, operation), callbacks)
                .thenApply(a -> new RateState(a[0] == 1, a[1], a[2], a[3]));
    }

    private static byte code(Algorithm algorithm) {
        return algorithm == Algorithm.TOKEN_BUCKET ? RateOperation.TOKEN_BUCKET : RateOperation.SLIDING_WINDOW;
    }
}
