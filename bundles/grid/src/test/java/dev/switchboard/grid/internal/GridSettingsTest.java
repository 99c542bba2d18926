package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.EndpointConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class GridSettingsTest {

    @Test
    public void parsesCommaSeparatedMembersIgnoringBlanks() {
        assertThat(GridSettings.parseMembers(" 10.0.0.1, 10.0.0.2:5702 ,,")).containsExactly("10.0.0.1",
                "10.0.0.2:5702");
        assertThat(GridSettings.parseMembers(null)).isEmpty();
    }

    @Test
    public void buildsTcpOnlyConfigWithTheGivenLoader() {
        ClassLoader loader = getClass().getClassLoader();
        Config config = new GridSettings("blue", 5801, List.of("127.0.0.1")).toHazelcastConfig(loader);

        assertThat(config.getClassLoader()).isSameAs(loader);
        assertThat(config.getClusterName()).isEqualTo("blue");
        AdvancedNetworkConfig network = config.getAdvancedNetworkConfig();
        assertThat(network.isEnabled()).isTrue();
        ServerSocketEndpointConfig member = (ServerSocketEndpointConfig) network.getEndpointConfigs()
                .get(EndpointQualifier.MEMBER);
        assertThat(member.getPort()).isEqualTo(5801);
        assertThat(member.isPortAutoIncrement()).isTrue();
        assertThat(network.getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(network.getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(network.getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
    }

    @Test
    public void rejectsWhatCannotFormAGrid() {
        assertThatThrownBy(() -> new GridSettings(" ", 5701, List.of("a"))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new GridSettings("x", 0, List.of("a"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void withoutAMemberListTheNodeRunsAloneWithoutProbingForPeers() {
        Config config = new GridSettings("solo", 5801, List.of()).toHazelcastConfig(getClass().getClassLoader());
        assertThat(config.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(config.getAdvancedNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    }

    @Test
    public void aLoneNodeListensOnLoopbackOnlyAndNeverOnAllInterfaces() {
        Config config = new GridSettings("solo", 5801, List.of(), "10.1.2.3").toHazelcastConfig(
                getClass().getClassLoader());
        assertThat(memberEndpoint(config).getInterfaces().isEnabled()).isTrue();
        assertThat(memberEndpoint(config).getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    public void onlyTheMemberProtocolHasAnEndpoint() {
        Map<EndpointQualifier, EndpointConfig> endpoints = new GridSettings("solo", 5801, List.of())
                .toHazelcastConfig(getClass().getClassLoader()).getAdvancedNetworkConfig().getEndpointConfigs();
        assertThat(endpoints).containsOnlyKeys(EndpointQualifier.MEMBER);
    }

    @Test
    public void aClusterNodeListensOnTheConfiguredInterface() {
        Config config = new GridSettings("c", 5801, List.of("10.9.9.1", "10.9.9.2"), "10.9.9.2")
                .toHazelcastConfig(getClass().getClassLoader());
        assertThat(memberEndpoint(config).getInterfaces().getInterfaces()).containsExactly("10.9.9.2");
        assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    }

    @Test
    public void withoutAnInterfaceTheLocalEntryOfTheMemberListIsUsed() {
        assertThat(new GridSettings("c", 5801, List.of("192.0.2.10:5701", "127.0.0.1:5702")).listenInterface())
                .isEqualTo("127.0.0.1");
    }

    @Test
    public void aClusterNodeWithNoLocalAddressToListenOnRefusesToStart() {
        // 192.0.2.0/24 is reserved for documentation: never an address of this machine; names are not resolved
        GridSettings settings = new GridSettings("c", 5801, List.of("192.0.2.10", "gridhost.example"));
        assertThatThrownBy(settings::listenInterface).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface");
        assertThatThrownBy(() -> new GridSettings("c", 5801, List.of("a"), "0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void javaDeserializationIsLimitedToTheJdkTypesTheGridHolds() {
        var filter = new GridSettings("solo", 5801, List.of()).toHazelcastConfig(getClass().getClassLoader())
                .getSerializationConfig().getJavaSerializationFilterConfig();
        assertThat(filter).isNotNull();
        assertThat(filter.isDefaultsDisabled()).isTrue();
        // Properties (and its Hashtable): what a map configuration added at run time carries between members
        assertThat(filter.getWhitelist().getClasses()).contains("java.lang.String",
                "java.lang.Long", "java.lang.Number", "java.util.Properties", "java.util.Hashtable");
        // beyond those, only what an error answer carries (a member's "retry elsewhere" during a migration)
        assertThat(filter.getWhitelist().getClasses()).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(GridSettings.DESERIALIZABLE.stream(),
                        GridSettings.DESERIALIZABLE_ERRORS.stream()).toList());
        assertThat(filter.getWhitelist().getPackages())
                .containsExactlyInAnyOrderElementsOf(GridSettings.DESERIALIZABLE_ERROR_PACKAGES);
        assertThat(filter.getWhitelist().getClasses()).noneMatch(name -> name.startsWith("java.util.Hash")
                && !name.equals("java.util.Hashtable"));
    }

    @Test
    public void hostOfStripsThePort() {
        assertThat(GridSettings.hostOf("10.0.0.1:5701")).isEqualTo("10.0.0.1");
        assertThat(GridSettings.hostOf("10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(GridSettings.hostOf("[::1]:5701")).isEqualTo("::1");
        assertThat(GridSettings.hostOf("::1")).isEqualTo("::1");
    }

    private static ServerSocketEndpointConfig memberEndpoint(Config config) {
        return (ServerSocketEndpointConfig) config.getAdvancedNetworkConfig().getEndpointConfigs()
                .get(EndpointQualifier.MEMBER);
    }
}
