package dev.switchboard.support.provider;

import dev.switchboard.api.provider.CallContext;
import java.time.Duration;

/** The time an upstream call may take: what is left of the request's deadline, capped by the instance's limit. */
public final class Deadlines {

    private Deadlines() {
    }

    /** {@code limit} when the context has no deadline; else the shorter of the remaining time and {@code limit}. */
    public static Duration timeout(CallContext context, Duration limit) {
        if (context == null || context.deadline() == null) {
            return limit;
        }
        Duration remaining = context.remaining();
        return remaining.compareTo(limit) < 0 ? remaining : limit;
    }
}
