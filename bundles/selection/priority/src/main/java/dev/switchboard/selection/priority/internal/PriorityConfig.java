package dev.switchboard.selection.priority.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard selection: priority",
        description = "Ordered failover: the instance with the lowest priority number first, the next when it fails")
public @interface PriorityConfig {

    @AttributeDefinition(name = "Priorities", required = false,
            description = "instance id=priority entries; lower numbers are tried first (e.g. openai-main=0, azure-backup=1)")
    String[] priorities() default {};

    @AttributeDefinition(name = "Default priority",
            description = "Priority of an instance not listed in Priorities")
    int default_priority() default 100;
}
