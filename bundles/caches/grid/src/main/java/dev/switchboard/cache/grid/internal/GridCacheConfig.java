package dev.switchboard.cache.grid.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = GridCacheConfig.PID, name = "Switchboard grid cache",
        description = "Cluster-wide (L2) exact-match response cache in the grid, with a near cache on each node.")
public @interface GridCacheConfig {

    String PID = "dev.switchboard.cache.grid";

    @AttributeDefinition(name = "Time to live (seconds)",
            description = "How long an answer stays servable after it was stored (at least 1).")
    long ttl_seconds() default 3600;

    @AttributeDefinition(name = "Maximum entries per node",
            description = "Upper bound on answers each node holds of the shared map; the least recently used go "
                    + "first. 0 disables the cache.")
    int max_entries() default 50_000;

    @AttributeDefinition(name = "Maximum entry size (bytes)",
            description = "Answers whose JSON is larger are not stored, so one answer cannot take the grid's memory.")
    int max_entry_bytes() default 262_144;

    @AttributeDefinition(name = "Lookup timeout (ms)",
            description = "How long a lookup waits for the grid before it counts as a miss, so a slow member never "
                    + "holds a request (entries in the near cache are answered at once). 0: no limit.")
    long lookup_timeout_ms() default 50;

    @AttributeDefinition(name = "Near cache",
            description = "Keep the answers this node read last in its heap too (invalidated when the entry changes).")
    boolean near_cache() default true;
}
