package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.grid.GridMember;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** What someone who reaches the grid's port can do: connect as a client (no), mint a key by writing one (no). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GridSecurityIT extends SwitchboardTestSupport {

    @Inject
    private GridMember grid;

    @Inject
    private ApiKeys keys;

    @Test
    public void theGridListensOnLoopbackAndAHazelcastClientCannotConnect() {
        InetSocketAddress member = grid.hazelcast().getCluster().getLocalMember().getSocketAddress();
        assertThat(member.getAddress().isLoopbackAddress()).isTrue();

        ClientConfig client = new ClientConfig();
        client.setClassLoader(HazelcastClient.class.getClassLoader());
        client.setClusterName(grid.hazelcast().getConfig().getClusterName());
        client.setProperty("hazelcast.logging.type", "none");
        client.getNetworkConfig().addAddress("127.0.0.1:" + member.getPort());
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);

        assertThatThrownBy(() -> {
            HazelcastInstance connected = HazelcastClient.newHazelcastClient(client);
            connected.shutdown();
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void aKeyRecordWrittenStraightIntoTheGridIsNoKey() throws Exception {
        String chosen = "sk-sb-forged-" + UUID.randomUUID();
        String adminRecord = "{\"id\":\"key_forged\",\"name\":\"forged\",\"tenant\":\"default\",\"admin\":true,"
                + "\"createdEpochMillis\":1}";
        String plainHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(chosen.getBytes(StandardCharsets.UTF_8)));
        IMap<String, String> map = grid.hazelcast().getMap("switchboard.keys");
        // as the grid took it before records were signed, and with a made-up signature
        map.put(plainHash, adminRecord);
        map.put(plainHash.replace('a', 'b'), "s1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA." + adminRecord);

        // a genuine key created after the forged writes works, so the grid's events have been flowing
        String[] genuine = createKey(keys, "grid-security-it");
        waitFor("the genuine key to authenticate", SETTLE,
                () -> get("/v1/models", genuine[1]).statusCode() == 200);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(get("/v1/models", chosen).statusCode()).isEqualTo(401);
            Thread.sleep(200);
        }
        assertThat(keys.list()).extracting(ApiKeys.KeyInfo::id).doesNotContain("key_forged");
        assertThat(get("/v1/models", ADMIN_KEY).statusCode()).isEqualTo(200);
    }
}
