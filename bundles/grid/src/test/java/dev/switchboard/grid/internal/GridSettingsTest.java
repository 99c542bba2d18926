package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import java.util.List;
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
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isTrue();
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
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
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    }
}
