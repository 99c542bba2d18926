package dev.switchboard.grid.internal;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts this node's one Hazelcast member. A configuration change restarts the member (DS deactivates
 * and activates the component again), which is what a changed cluster name or port needs anyway.
 */
@Component(service = GridMember.class, immediate = true, configurationPid = GridConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = GridConfig.class)
public final class EmbeddedGridMember implements GridMember {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedGridMember.class);

    private final HazelcastInstance hazelcast;
    private final ClusterSecret secret;
    private final GridCallbackPool callbacks = new GridCallbackPool();

    @Activate
    public EmbeddedGridMember(GridConfig config) {
        this(GridSettings.from(config), ClusterSecretFile.loadOrCreate(secretFile(config)));
    }

    EmbeddedGridMember(GridSettings settings, ClusterSecret secret) {
        // the secret first: a node that cannot read it must not join and serve unsigned state
        this.secret = secret;
        this.hazelcast = Hazelcast.newHazelcastInstance(
                settings.toHazelcastConfig(EmbeddedGridMember.class.getClassLoader()));
        LOG.info("Grid member {} joined cluster '{}' ({} member(s))", hazelcast.getCluster().getLocalMember()
                .getAddress(), settings.clusterName(), hazelcast.getCluster().getMembers().size());
    }

    static Path secretFile(GridConfig config) {
        String configured = config.secret_file() == null ? "" : config.secret_file().trim();
        return configured.isEmpty()
                ? Path.of(System.getProperty("karaf.data", "data"), "switchboard", "cluster.secret")
                : Path.of(configured);
    }

    @Override
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public ClusterSecret clusterSecret() {
        return secret;
    }

    @Override
    public Executor callbackExecutor() {
        return callbacks;
    }

    @Deactivate
    void shutdown() {
        try {
            hazelcast.shutdown();
        } finally {
            callbacks.close();
        }
    }
}
