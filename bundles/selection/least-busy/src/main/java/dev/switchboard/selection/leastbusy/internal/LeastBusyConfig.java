package dev.switchboard.selection.leastbusy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard selection: least busy",
        description = "The instance with the fewest requests in flight (on this node) first")
public @interface LeastBusyConfig {

    @AttributeDefinition(name = "Break ties by latency",
            description = "Among instances with as many requests in flight, the one with the lower latency average first")
    boolean latency_tiebreak() default true;
}
