package dev.switchboard.core.internal.pipeline;

import dev.switchboard.core.api.Caller;

/**
 * Which pipeline runs a request: the gateway's, or {@link Pipeline#warmUp the warm-up's} for core's own start-up
 * warm-up caller. {@link #of} is the one check the warm-up adds to a client's request: a field of its Caller.
 */
public record Pipelines(Pipeline gateway, Pipeline warmUp) {

    public Pipeline of(Caller caller) {
        return caller.warmUp() ? warmUp : gateway;
    }
}
