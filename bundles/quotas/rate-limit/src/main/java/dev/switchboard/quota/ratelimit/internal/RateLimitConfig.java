package dev.switchboard.quota.ratelimit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = RateLimitConfig.PID, name = "Switchboard rate limits",
        description = "Requests, tokens and cost per second/minute/hour/day, and concurrent requests, per tenant,"
                + " project, key, user, session, model or provider; each limit local (per node, synced) or exact"
                + " (atomic in the grid).")
public @interface RateLimitConfig {

    String PID = "dev.switchboard.quota.ratelimit";

    @AttributeDefinition(name = "Limits", description = "One per entry: name=acme-rpm; scope=key:*; dimension=requests"
            + "|tokens|cost|concurrent; limit=20 (cost: USD); per=second|minute|hour|day; algorithm=sliding-window"
            + "|token-bucket; mode=local|exact; grid.unreachable=fail-closed|local")
    String[] limits() default {};

    @AttributeDefinition(name = "Sync interval (ms)", description = "How often a node syncs a local limit's count"
            + " with the cluster (at most; on a request). Across nodes a local limit can be overshot by about"
            + " (nodes - 1) x rate x interval.")
    long sync_interval_ms() default 50;

    @AttributeDefinition(name = "Hold (s)", description = "How long an exact concurrency slot is kept when its node"
            + " never gives it back (the node died): longer than the longest request.")
    long hold_seconds() default 900;
}
