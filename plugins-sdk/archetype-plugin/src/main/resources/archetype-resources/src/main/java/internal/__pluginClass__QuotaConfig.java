package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code dev.switchboard.quota.${pluginName}} (etc/dev.switchboard.quota.${pluginName}.cfg). */
@ObjectClassDefinition(id = ${pluginClass}QuotaConfig.PID, name = "Switchboard quota: ${pluginName}",
        description = "Quota ${pluginName}: tokens per API key per clock minute, on this node.")
@interface ${pluginClass}QuotaConfig {

    String PID = "dev.switchboard.quota.${pluginName}";

    @AttributeDefinition(description = "Tokens (prompt + completion, as the provider reported them) per API key per minute. 0: unlimited.")
    long tokens_per_minute() default 100000;
}
