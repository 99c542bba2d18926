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

    @AttributeDefinition(name = "Max buffered bytes",
            description = "Bytes of upstream answers (buffered answers, unfinished stream events, error bodies) held in "
                    + "memory by all calls together; a call that would exceed it fails as UNAVAILABLE (retryable). "
                    + "0: a quarter of the maximum heap.")
    long max_buffered_bytes() default 0;

    @AttributeDefinition(name = "Max response bytes", description = "The largest complete answer one call buffers.")
    int max_response_bytes() default 8 * 1024 * 1024;

    @AttributeDefinition(name = "Max event bytes", description = "The largest single server-sent event of a stream.")
    int max_event_bytes() default 2 * 1024 * 1024;

    @AttributeDefinition(name = "User-Agent")
    String user_agent() default "Switchboard";
}
