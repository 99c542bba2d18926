package dev.switchboard.grid.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Switchboard grid",
        description = "The embedded Hazelcast member of this node. Multicast is never used: members find each other"
                + " through the TCP member list. The member speaks the member protocol only (no client endpoint).")
public @interface GridConfig {

    String PID = "dev.switchboard.grid";

    @AttributeDefinition(name = "Cluster name", description = "Only members with the same name form one grid.")
    String cluster_name() default "switchboard";

    @AttributeDefinition(name = "Port", description = "First port to listen on; the next free one is taken when it is"
            + " busy.")
    int port() default 5701;

    @AttributeDefinition(name = "Members", description = "Comma-separated host or host:port list of the nodes to"
            + " join (this node may be in it). Empty: this node runs alone, listens on loopback only and starts"
            + " without looking for others.", required = false)
    String members() default "";

    /** {@code interface} in the configuration ({@code $} drops out of the name; the word is reserved in Java). */
    @AttributeDefinition(name = "Interface", description = "The one local address (or Hazelcast pattern such as"
            + " 10.0.0.*) the member listens on when members is set; never all interfaces. Empty: the member-list"
            + " entry that is an address of this machine. Ignored without members (loopback only).",
            required = false)
    String interface$() default "";

    @AttributeDefinition(name = "Cluster secret file", description = "The per-install secret that signs what in"
            + " the grid grants access; generated owner-only on the first start, the same file on every node."
            + " Default ${karaf.data}/switchboard/cluster.secret", required = false)
    String secret_file() default "";
}
