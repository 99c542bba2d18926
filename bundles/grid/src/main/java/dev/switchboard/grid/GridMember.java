package dev.switchboard.grid;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.Executor;
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

    /**
     * The grid's callback threads ({@code switchboard-grid-callback-*}, a small bounded pool the grid bundle
     * owns and stops with the member). Every continuation of an async grid call must run here: give it as
     * the executor of {@code whenCompleteAsync}/{@code thenApplyAsync} on a stage Hazelcast returned. A
     * non-async {@code whenComplete} on such a stage, or an {@code *Async} one without an executor, runs on
     * Hazelcast's default executor, which on a 2-core machine starts a new thread per callback.
     */
    Executor callbackExecutor();
}
