package dev.switchboard.support.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard upstream HTTP client",
        description = "The pooled HTTP client all provider bundles share.")
public @interface UpstreamHttpConfig {

    @AttributeDefinition(name = "Max connections per destination",
            description = "Keep-alive connections kept per upstream origin (scheme, host, port).")
    int max_connections_per_destination() default 64;

    @AttributeDefinition(name = "Max queued requests per destination",
            description = "Calls that may wait for a connection per origin before new ones fail as UNAVAILABLE.")
    int max_queued_per_destination() default 1024;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect_timeout_ms() default 10_000;

    @AttributeDefinition(name = "Idle timeout (ms)",
            description = "Idle pooled connections close after this; also the default silence limit of a call.")
    long idle_timeout_ms() default 30_000;

    @AttributeDefinition(name = "Min threads")
    int min_threads() default 4;

    @AttributeDefinition(name = "Max threads", description = "Threads that run the client's I/O callbacks.")
    int max_threads() default 64;

    @AttributeDefinition(name = "Selectors", description = "NIO selector threads.")
    int selectors() default 1;

    @AttributeDefinition(name = "User-Agent")
    String user_agent() default "Switchboard";
}
