package dev.switchboard.quota.rpm.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = RequestsPerMinuteConfig.PID, name = "Switchboard requests-per-minute quota",
        description = "Cluster-wide limit on requests per API key per minute (fixed one-minute windows).")
public @interface RequestsPerMinuteConfig {

    String PID = "dev.switchboard.quota.rpm";

    @AttributeDefinition(name = "Default limit",
            description = "Requests per minute per API key, for keys without an override. 0: unlimited.")
    long default_limit() default 600;

    @AttributeDefinition(name = "Per-key limits",
            description = "Overrides as keyId=limit (one per entry, or comma-separated). 0: unlimited for that key.")
    String[] limits() default {};
}
