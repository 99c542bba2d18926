package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code dev.switchboard.selection.${pluginName}} (etc/dev.switchboard.selection.${pluginName}.cfg). */
@ObjectClassDefinition(id = ${pluginClass}SelectionConfig.PID, name = "Switchboard selection: ${pluginName}",
        description = "Selection ${pluginName}: the fastest healthy candidate first.")
@interface ${pluginClass}SelectionConfig {

    String PID = "dev.switchboard.selection.${pluginName}";

    @AttributeDefinition(description = "Candidates whose recent error rate (0..1) is above this go after the healthy ones, as open circuits do.")
    double max_error_rate() default 0.5;
}
