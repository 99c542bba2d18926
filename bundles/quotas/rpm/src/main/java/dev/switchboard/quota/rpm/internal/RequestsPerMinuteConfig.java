package dev.switchboard.quota.rpm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = RequestsPerMinuteConfig.PID, name = "Switchboard rpm quota (requests per minute)",
        description = "Cluster-wide limit on requests per API key per minute (fixed one-minute windows).")
public @interface RequestsPerMinuteConfig {

    String PID = "dev.switchboard.quota.rpm";

    @AttributeDefinition(name = "Default limit",
            description = "Requests per minute per API key, for keys without an override. 0: unlimited.")
    long default_limit() default 600;

    @AttributeDefinition(name = "Per-key limits",
            description = "Overrides as keyId=limit (one per entry, or comma-separated). 0: unlimited for that key.")
    String[] limits() default {};

    @AttributeDefinition(name = "Sync interval (ms)",
            description = "How often each node syncs its local count to the cluster. Checks never wait on the grid; "
                    + "across nodes a limit can be overshot by about (nodes - 1) x rate x interval. "
                    + "0: count in the grid on every request (exact, one blocking grid round trip each).")
    long sync_interval_ms() default 50;
}
