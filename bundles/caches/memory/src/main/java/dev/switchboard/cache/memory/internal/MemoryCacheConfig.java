package dev.switchboard.cache.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MemoryCacheConfig.PID, name = "Switchboard memory cache",
        description = "Node-local (L1) exact-match response cache.")
public @interface MemoryCacheConfig {

    String PID = "dev.switchboard.cache.memory";

    @AttributeDefinition(name = "Time to live (seconds)",
            description = "How long an answer stays servable after it was stored. 0 or less: no time limit, "
                    + "only the entry bound applies.")
    long ttl_seconds() default 300;

    @AttributeDefinition(name = "Maximum entries",
            description = "Upper bound on stored answers; the least recently used go first. 0 disables the cache.")
    int max_entries() default 10_000;
}
