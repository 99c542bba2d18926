package dev.switchboard.core.internal.pipeline;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The safety net under providers' own timeouts: calls waiting for a provider register here and a sweep
 * (core runs it a few times a second) expires those past their deadline. Registering is a set insert,
 * so the request path schedules no timer task per request, which under load costs more than the call.
 */
public final class DeadlineWatch {

    /** A call that can be told its deadline passed. */
    interface Expirable {
        Instant deadline();

        void expire();
    }

    private final Set<Expirable> watched = ConcurrentHashMap.newKeySet();

    void watch(Expirable call) {
        watched.add(call);
    }

    void release(Expirable call) {
        watched.remove(call);
    }

    /** Expires every watched call whose deadline is before {@code now}. */
    public void sweep(Instant now) {
        for (Expirable call : watched) {
            if (call.deadline().isBefore(now) && watched.remove(call)) {
                call.expire();
            }
        }
    }

    int size() {
        return watched.size();
    }
}
