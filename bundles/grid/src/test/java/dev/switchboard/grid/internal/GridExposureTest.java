package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** What someone who reaches the grid's port can and cannot do with it. */
public class GridExposureTest {

    private static String cluster;
    private static EmbeddedGridMember member;

    @BeforeClass
    public static void startMember() throws Exception {
        cluster = TestGrid.uniqueClusterName();
        member = TestGrid.start(new GridSettings(cluster, TestGrid.freePort(), List.of()));
    }

    @AfterClass
    public static void stopMember() {
        if (member != null) {
            member.shutdown();
        }
    }

    @Test
    public void aLoneMemberListensOnLoopback() {
        InetSocketAddress address = member.hazelcast().getCluster().getLocalMember().getSocketAddress();
        assertThat(address.getAddress().isLoopbackAddress()).isTrue();
    }

    @Test(timeout = 60_000)
    public void aHazelcastClientCannotConnect() {
        ClientConfig client = new ClientConfig();
        client.setClusterName(cluster);
        client.setProperty("hazelcast.logging.type", "none");
        client.getNetworkConfig().addAddress("127.0.0.1:" + member.hazelcast().getCluster().getLocalMember()
                .getSocketAddress().getPort());
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);

        assertThatThrownBy(() -> {
            HazelcastInstance connected = HazelcastClient.newHazelcastClient(client);
            connected.shutdown();
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void aJavaSerializedObjectOfAnotherTypeIsNotDeserialized() {
        IMap<String, Object> map = member.hazelcast().getMap("exposure-test");
        map.put("gadget", new NotAGridType("x"));
        assertThatThrownBy(() -> map.get("gadget")).hasStackTraceContaining("is not allowed");
        map.put("text", "fine");
        assertThat(map.get("text")).isEqualTo("fine");
    }

    /** Stands for any Serializable class a forged grid entry might name. */
    record NotAGridType(String value) implements Serializable {
    }
}
