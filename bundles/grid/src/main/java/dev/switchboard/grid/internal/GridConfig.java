package dev.switchboard.grid.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard grid",
        description = "The embedded Hazelcast member of this node. Multicast is never used: members find each other"
                + " through the TCP member list.")
public @interface GridConfig {

    String PID = "dev.switchboard.grid";

    @AttributeDefinition(name = "Cluster name", description = "Only members with the same name form one grid.")
    String cluster_name() default "switchboard";

    @AttributeDefinition(name = "Port", description = "First port to listen on; the next free one is taken when it is"
            + " busy.")
    int port() default 5701;

    @AttributeDefinition(name = "Members", description = "Comma-separated host or host:port list of the nodes to"
            + " join (this node may be in it). Empty: this node runs alone and starts without looking for others.",
            required = false)
    String members() default "";
}
