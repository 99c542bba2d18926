package dev.switchboard.selection.lowestlatency.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard selection: lowest latency",
        description = "Fastest instance first, by core's latency and time-to-first-token averages")
public @interface LowestLatencyConfig {

    @AttributeDefinition(name = "Exploration rate", description = "Share of requests (0..1) that go first to a "
            + "random healthy instance instead of the fastest, so a recovered or slow-looking one is measured again")
    double exploration_rate() default 0.05;

    @AttributeDefinition(name = "Error penalty", description = "How much the recent error rate (0..1) weighs: "
            + "score = latency x (1 + penalty x error rate)")
    double error_penalty() default 2.0;
}
