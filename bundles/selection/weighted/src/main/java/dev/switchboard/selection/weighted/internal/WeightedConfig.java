package dev.switchboard.selection.weighted.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard selection: weighted",
        description = "Spreads requests over a model's instances in proportion to their weights")
public @interface WeightedConfig {

    @AttributeDefinition(name = "Weights", required = false, description = "instance id=weight entries that "
            + "override the instances' own weight (their 'weight' setting); weight 0: only when the others fail")
    String[] weights() default {};
}
