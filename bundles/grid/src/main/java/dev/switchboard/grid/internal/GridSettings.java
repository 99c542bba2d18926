package dev.switchboard.grid.internal;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * What one node needs to know to join the grid, turned into the Hazelcast configuration of its member.
 * The member is closed by default: loopback only without a member list, one interface with it, the
 * member protocol only (Hazelcast clients, REST and memcache have no endpoint), and Java deserialization
 * limited to the JDK types the grid holds.
 */
record GridSettings(String clusterName, int port, List<String> members, String bindInterface) {

    static final String LOOPBACK = "127.0.0.1";
    /**
     * Everything we put in the grid is a String, a Long or a byte[] (Hazelcast's own serializers, never
     * Java's). The map configurations {@link GridEntries} adds at run time travel between members with a
     * {@code java.util.Properties} inside (Java-serialized by Hazelcast): a table that can only hold the other
     * listed types, since the filter checks every class in the stream.
     */
    static final List<String> DESERIALIZABLE = List.of(String.class.getName(), Long.class.getName(),
            Number.class.getName(), java.util.Properties.class.getName(), java.util.Hashtable.class.getName());

    /**
     * What a member's error answer carries: Hazelcast sends an operation's failure as a Java-serialized
     * exception, and the ones that tell the caller to retry elsewhere (a partition migrating while a member joins
     * or leaves: {@code WrongTargetException}, {@code PartitionMigratingException}, ...) must be read, or the
     * answer is dropped and the operation hangs until its caller's timeout instead of being retried. Only
     * Hazelcast's own exception packages and the JDK types every exception holds; no type with custom
     * deserialization logic beyond {@code Throwable}'s.
     */
    static final List<String> DESERIALIZABLE_ERRORS = List.of(Throwable.class.getName(),
            Exception.class.getName(), RuntimeException.class.getName(), IllegalStateException.class.getName(),
            StackTraceElement.class.getName(), StackTraceElement[].class.getName(), "java.util.Collections$EmptyList",
            "java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableList",
            "java.util.Collections$UnmodifiableCollection", java.util.ArrayList.class.getName());
    static final List<String> DESERIALIZABLE_ERROR_PACKAGES = List.of("com.hazelcast.spi.exception",
            "com.hazelcast.core", "com.hazelcast.partition", "com.hazelcast.cluster");

    GridSettings {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("cluster.name must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        members = List.copyOf(members);
        bindInterface = bindInterface == null ? "" : bindInterface.trim();
        if (bindInterface.equals("0.0.0.0") || bindInterface.equals("::") || bindInterface.equals("*.*.*.*")) {
            throw new IllegalArgumentException("interface must name one address, not all: " + bindInterface);
        }
    }

    GridSettings(String clusterName, int port, List<String> members) {
        this(clusterName, port, members, "");
    }

    static GridSettings from(GridConfig config) {
        return new GridSettings(config.cluster_name().trim(), config.port(), parseMembers(config.members()),
                config.interface$());
    }

    static List<String> parseMembers(String commaList) {
        if (commaList == null) {
            return List.of();
        }
        return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * The address the member listens on: loopback alone; the configured interface in a cluster, or else the
     * member-list entry that is an address of this machine. A cluster node with neither refuses to start
     * rather than listen on every interface.
     */
    String listenInterface() {
        if (members.isEmpty()) {
            return LOOPBACK;
        }
        if (!bindInterface.isEmpty()) {
            return bindInterface;
        }
        return members.stream().map(GridSettings::hostOf).filter(GridSettings::isLocalAddress).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("members is set but interface is not, and no"
                        + " member-list entry is an address of this machine: set interface in "
                        + GridConfig.PID + ".cfg to the address the other nodes reach this one at"));
    }

    static String hostOf(String member) {
        if (member.startsWith("[")) {
            int end = member.indexOf(']');
            return end < 0 ? member : member.substring(1, end);
        }
        int colon = member.indexOf(':');
        return colon >= 0 && member.indexOf(':', colon + 1) < 0 ? member.substring(0, colon) : member;
    }

    /** Only literal addresses count: a start never waits on DNS. */
    static boolean isLocalAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException e) {
            return false;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
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
        // listen on the one chosen address, never on the wildcard
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getSerializationConfig().addDataSerializableFactory(GridSerialization.FACTORY_ID,
                new GridSerialization());
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addClasses(DESERIALIZABLE.toArray(String[]::new));
        filter.getWhitelist().addClasses(DESERIALIZABLE_ERRORS.toArray(String[]::new));
        filter.getWhitelist().addPackages(DESERIALIZABLE_ERROR_PACKAGES.toArray(String[]::new));
        config.getSerializationConfig().setJavaSerializationFilterConfig(filter);

        // the advanced network config replaces the classic one: with only a member endpoint there is no
        // port a Hazelcast client (or REST, or memcache) can talk to
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
        ServerSocketEndpointConfig memberEndpoint = new ServerSocketEndpointConfig();
        memberEndpoint.setPort(port).setPortAutoIncrement(true);
        memberEndpoint.setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(listenInterface()));
        network.setMemberEndpointConfig(memberEndpoint);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        // no member list: a node on its own starts at once instead of probing for peers first
        join.getTcpIpConfig().setEnabled(!members.isEmpty()).setMembers(members);
        return config;
    }
}
