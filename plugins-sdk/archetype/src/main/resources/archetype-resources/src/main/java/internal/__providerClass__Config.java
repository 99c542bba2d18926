package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * PID {@code dev.switchboard.provider.${providerType}} (etc/dev.switchboard.provider.${providerType}.cfg): the
 * instance this bundle contributes by itself. Operators add more instances of type {@code ${providerType}}
 * as etc/dev.switchboard.instance-NAME.cfg files; those reach {@link ${providerClass}Provider#createInstance}.
 */
@ObjectClassDefinition(name = "Switchboard provider: ${providerType}")
@interface ${providerClass}Config {

    @AttributeDefinition(description = "Contribute the instance below; false leaves only operator-defined instances")
    boolean enabled() default true;

    @AttributeDefinition(description = "Id of the instance (unique among all providers)")
    String instance_id() default "${providerType}";

    @AttributeDefinition(description = "Models served: id=inputPrice/outputPrice[/contextWindow], USD per 1M tokens")
    String[] models() default {"${providerType}-small=0/0/8192"};
}
