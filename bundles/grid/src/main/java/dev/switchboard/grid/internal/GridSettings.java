package dev.switchboard.grid.internal;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.Arrays;
import java.util.List;

/** What one node needs to know to join the grid, turned into the Hazelcast configuration of its member. */
record GridSettings(String clusterName, int port, List<String> members) {

    GridSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster.name must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        members = List.copyOf(members);
    }

    static GridSettings from(GridConfig config) {
        return new GridSettings(config.cluster_name().trim(), config.port(), parseMembers(config.members()));
    }

    static List<String> parseMembers(String commaList) {
        if (commaList == null) {
            return List.of();
        }
        return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * {@code classLoader} must be the grid bundle's: Hazelcast resolves its own classes and our entry
     * processors through it, and the thread context loader in OSGi is arbitrary.
     */
    Config toHazelcastConfig(ClassLoader classLoader) {
        Config config = new Config();
        config.setClassLoader(classLoader);
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        // a lone member otherwise waits seconds for others to show up before it declares itself master
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.getSerializationConfig().addDataSerializableFactory(GridSerialization.FACTORY_ID,
                new GridSerialization());

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        // no member list: a node on its own starts at once instead of probing for peers first
        join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(members);
        return config;
    }
}
