package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.state.SharedCounters;
import dev.switchboard.grid.GridMember;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
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

    /** As every IT, with the warm-up as shipped (off elsewhere) and its one INFO line (the ITs log at WARN). */
    @Configuration
    @Override
    public Option[] config() throws IOException {
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/dev.switchboard.rest.cfg", "warmup.requests", "3000"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.warmup.name",
                        "dev.switchboard.rest.internal.http.WarmUpGate"),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.logger.warmup.level", "INFO"));
    }

    /**
     * Ready came after the start-up warm-up had sent its requests through the listener (its log line is written before
     * readiness is answered), part of them through the relay (the openai provider back over loopback to the mock), all
     * answered 200; and the warm-up left nothing in the usage ledger, and its relay nothing in the instance listing,
     * the models, health, stats or metrics: this class sends no request of its own.
     */
    @Test
    public void readyCameAfterTheStartUpWarmUpWhichLeftNoUsage() throws Exception {
        String log = Files.readString(karafBase().resolve("data/log/karaf.log"));
        assertThat(log).contains("Start-up warm-up: ").doesNotContain("Start-up warm-up skipped")
                .doesNotContain("ready anyway");
        String requests = log.substring(log.indexOf("Start-up warm-up: ") + "Start-up warm-up: ".length());
        assertThat(Long.parseLong(requests.substring(0, requests.indexOf(' ')))).isPositive();
        String relay = requests.substring(0, requests.indexOf('\n'));
        assertThat(relay).as("the INFO line reports the relay apart")
                .containsPattern("; [1-9][0-9]* requests through the relay 'switchboard-warm-up-relay', 0 failed");

        Thread.sleep(1_000); // the ledger writes behind the request path, a batch every 200 ms
        HttpResponse<String> usage = get("/admin/usage", ADMIN_KEY);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(json(usage).path("totals").path("requests").asLong()).as("no warm-up row").isZero();
        assertThat(usage.body()).doesNotContain("switchboard-warm-up");
        for (String path : List.of("/admin/instances", "/v1/models", "/health", "/admin/stats", "/metrics")) {
            HttpResponse<String> listing = get(path, ADMIN_KEY);
            assertThat(listing.statusCode()).as(path).isEqualTo(200);
            assertThat(listing.body()).as(path + " shows nothing of the warm-up's relay")
                    .doesNotContain("switchboard-warm-up");
        }
    }

    /**
     * Jetty logs through java.util.logging (a level check per debug question, not Pax Logging's slf4j chain), with its
     * loggers at INFO: its warnings still pass (Pax Logging sets JUL's root to ERROR), its debug checks say no.
     */
    @Test
    public void jettyLogsThroughJavaUtilLoggingAtInfo() {
        Logger server = Logger.getLogger("org.eclipse.jetty.server.Server");
        assertThat(server.getLevel()).as("set by Jetty's JavaUtilLog from org.eclipse.jetty.LEVEL").isEqualTo(Level.INFO);
        assertThat(server.isLoggable(Level.WARNING)).isTrue();
        assertThat(server.isLoggable(Level.FINE)).isFalse();
    }

    @Test
    public void noDefaultKarafUserShips() throws Exception {
        String users = Files.readString(karafBase().resolve("etc/users.properties"));
        assertThat(users.lines().filter(line -> !line.startsWith("#")).filter(line -> line.contains("="))
                .filter(line -> !line.startsWith("_g_"))).isEmpty();
    }
}
