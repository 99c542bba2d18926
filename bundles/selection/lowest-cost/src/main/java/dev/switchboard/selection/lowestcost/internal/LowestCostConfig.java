package dev.switchboard.selection.lowestcost.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard selection: lowest cost",
        description = "Cheapest instance first, by its catalog prices and the tokens the request is expected to use")
public @interface LowestCostConfig {

    @AttributeDefinition(name = "Expected completion tokens", min = "0", description = "Output tokens expected "
            + "of a request that sets no max_tokens; one that does is expected to use at most that many")
    int expected_completion_tokens() default 256;
}
