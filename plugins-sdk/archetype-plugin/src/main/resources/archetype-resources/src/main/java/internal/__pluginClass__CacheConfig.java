package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code dev.switchboard.cache.${pluginName}} (etc/dev.switchboard.cache.${pluginName}.cfg). */
@ObjectClassDefinition(id = ${pluginClass}CacheConfig.PID, name = "Switchboard cache: ${pluginName}",
        description = "Response cache ${pluginName}: answers matched exactly on tenant and request fingerprint.")
@interface ${pluginClass}CacheConfig {

    String PID = "dev.switchboard.cache.${pluginName}";

    @AttributeDefinition(description = "Upper bound on stored answers; the least recently used go first. 0 disables the cache.")
    int max_entries() default 1000;

    @AttributeDefinition(description = "How long an answer stays servable after it was stored, in seconds. 0: no time limit.")
    long ttl_seconds() default 300;
}
