package dev.switchboard.examples.reverse.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code dev.switchboard.provider.reverse} (etc/dev.switchboard.provider.reverse.cfg): the
 * instance this bundle contributes by itself. Operators add more instances of type {@code reverse}
 * as etc/dev.switchboard.instance-NAME.cfg files; those reach {@link ReverseProvider#createInstance}.
 */
@ObjectClassDefinition(name = "Switchboard provider: reverse")
@interface ReverseConfig {

    @AttributeDefinition(description = "Contribute the instance below; false leaves only operator-defined instances")
    boolean enabled() default true;

    @AttributeDefinition(description = "Id of the instance (unique among all providers)")
    String instance_id() default "reverse";

    @AttributeDefinition(description = "Models served: id=inputPrice/outputPrice[/contextWindow], USD per 1M tokens")
    String[] models() default {"reverse-small=0/0/8192"};
}
