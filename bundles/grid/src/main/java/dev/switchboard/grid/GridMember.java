package dev.switchboard.grid;

import com.hazelcast.core.HazelcastInstance;
import org.osgi.annotation.versioning.ProviderType;

/**
 * This node's running member of the Switchboard grid. Registered while the member is up; it goes away
 * (and the member shuts down) when the grid bundle stops or its configuration changes.
 * Grid structures must hold only JDK types: the grid cannot load classes of other bundles.
 */
@ProviderType
public interface GridMember {

    HazelcastInstance hazelcast();

    /**
     * The cluster's shared secret: sign or key with it whatever in the grid grants access or money,
     * because anything that reaches the grid's port as a member can write to it.
     */
    ClusterSecret clusterSecret();
}
