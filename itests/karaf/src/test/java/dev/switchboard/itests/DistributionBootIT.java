package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.state.SharedCounters;
import dev.switchboard.grid.GridMember;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/** The distribution as shipped: every feature installed, every bundle active, grid up, API answering. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DistributionBootIT extends SwitchboardTestSupport {

    @Inject
    private GridMember grid;

    @Inject
    private SharedCounters counters;

    @Test
    public void everySwitchboardFeatureIsInstalled() {
        assertThat(SWITCHBOARD_FEATURES).allMatch(this::featureInstalled);
    }

    @Test
    public void everyBundleIsActiveExceptFragments() {
        List<String> notActive = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getHeaders().get(Constants.FRAGMENT_HOST) == null)
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " (state " + b.getState() + ")")
                .collect(Collectors.toList());
        assertThat(notActive).isEmpty();
    }

    @Test
    public void gridMemberIsUpAloneInItsOwnCluster() {
        assertThat(grid.hazelcast().getLifecycleService().isRunning()).isTrue();
        assertThat(grid.hazelcast().getCluster().getMembers()).hasSize(1);
        assertThat(grid.hazelcast().getConfig().getClusterName()).startsWith("switchboard-it-");
        assertThat(grid.hazelcast().getConfig().getNetworkConfig().getJoin().getMulticastConfig().isEnabled())
                .isFalse();
    }

    @Test
    public void sharedCountersWorkThroughTheGrid() {
        assertThat(counters.addAndGet("itest.boot", 2, Duration.ofMinutes(1))).isEqualTo(2);
        assertThat(counters.get("itest.boot")).isEqualTo(2);
    }

    @Test
    public void healthAnswersReadyWithTheMockProvider() {
        HttpResponse<String> health = get("/health", ADMIN_KEY);

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json(health);
        assertThat(body.toString()).contains("mock");
        assertThat(get("/health", null).body()).as("without a key: live and ready only")
                .isEqualTo("{\"live\":true,\"ready\":true}");
    }

    @Test
    public void noDefaultKarafUserShips() throws Exception {
        String users = Files.readString(karafBase().resolve("etc/users.properties"));
        assertThat(users.lines().filter(line -> !line.startsWith("#")).filter(line -> line.contains("="))
                .filter(line -> !line.startsWith("_g_"))).isEmpty();
    }
}
