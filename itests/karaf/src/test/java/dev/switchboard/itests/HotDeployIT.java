package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Plugins arrive and leave while clients keep sending: a steady loop against mock-echo must see only 2xx
 * while a provider is dropped into deploy/ and removed, and while the quota and cache bundles stop and
 * start again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT extends SwitchboardTestSupport {

    private static final Duration HOT_DEPLOY_LIMIT = SETTLE;
    // one request per 100 ms keeps each loop's key far below the default 600 per minute
    private static final Duration PAUSE = Duration.ofMillis(100);

    @Inject
    private ApiKeys keys;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void providerDroppedIntoDeployIsServedAndGoneWhenRemoved() throws Exception {
        Path jar = karafBase().resolve("deploy").resolve("switchboard-itests-fixture-provider.jar");
        try (BackgroundTraffic traffic = traffic("hot-deploy-loop")) {
            awaitMoreTraffic(traffic);
            Files.copy(Paths.get(required(FIXTURE_JAR)), jar, StandardCopyOption.REPLACE_EXISTING);

            waitFor("fixture-echo listed and served", HOT_DEPLOY_LIMIT, () -> modelIds().contains("fixture-echo")
                    && chat(ADMIN_KEY, "fixture-echo", "hot deployed", "").statusCode() == 200);
            HttpResponse<String> served = chat(ADMIN_KEY, "fixture-echo", "echo from the fixture", "");
            assertThat(json(served).path("choices").get(0).path("message").path("content").asText())
                    .isEqualTo("echo from the fixture");
            HttpResponse<String> streamed = chat(ADMIN_KEY, "fixture-echo", "streamed fixture", "\"stream\":true");
            assertThat(streamed.statusCode()).isEqualTo(200);
            assertThat(sseData(streamed)).last().isEqualTo("[DONE]");

            awaitMoreTraffic(traffic);
            Files.delete(jar);

            waitFor("fixture-echo gone", HOT_DEPLOY_LIMIT, () -> !modelIds().contains("fixture-echo"));
            HttpResponse<String> gone = chat(ADMIN_KEY, "fixture-echo", "anyone there?", "");
            assertThat(gone.statusCode()).isEqualTo(404);
            assertThat(json(gone).path("error").path("code").asText()).isEqualTo("model_not_found");
            awaitMoreTraffic(traffic);
            assertSteady(traffic);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    @Test
    public void quotaStopsApplyingWhileItsBundleIsStoppedAndAppliesAgainAfter() throws Exception {
        String[] limited = createKey(keys, "hot-deploy-limited");
        configure(configAdmin, "dev.switchboard.quota.rpm", Map.of("limits", new String[] {limited[0] + "=2"}));
        Bundle quota = bundle("switchboard-quota-rpm");
        try (BackgroundTraffic traffic = traffic("hot-deploy-quota-loop")) {
            waitFor("the limited key denied", HOT_DEPLOY_LIMIT, () -> status(limited[1]) == 429);

            quota.stop();
            waitFor("quota unbound from the gateway", HOT_DEPLOY_LIMIT,
                    () -> !healthNames("quotas").contains("rpm"));
            for (int i = 0; i < 5; i++) {
                assertThat(status(limited[1])).isEqualTo(200);
            }
            awaitMoreTraffic(traffic);

            quota.start();
            waitFor("quota bound again", HOT_DEPLOY_LIMIT,
                    () -> healthNames("quotas").contains("rpm"));
            awaitMoreTraffic(traffic);
            // the window's count lives in the grid, so the limit holds at once (or after 2 more requests
            // when a new minute began meanwhile)
            waitFor("the limited key denied again", HOT_DEPLOY_LIMIT, () -> status(limited[1]) == 429);
            assertSteady(traffic);
        } finally {
            if (quota.getState() != Bundle.ACTIVE) {
                quota.start();
            }
        }
    }

    @Test
    public void cacheBundleStopsAndStartsWithoutAFailedRequest() throws Exception {
        cacheBundleLeavesAndComesBack("switchboard-cache-memory", "memory", "hot-deploy-cache-loop");
    }

    /** The L2 cache leaves and comes back under load; its entries are in the grid, so they outlive it. */
    @Test
    public void gridCacheBundleStopsAndStartsWithoutAFailedRequest() throws Exception {
        cacheBundleLeavesAndComesBack("switchboard-cache-grid", "grid", "hot-deploy-grid-cache-loop");
    }

    /**
     * The semantic level (mock-embed's vectors, so only identical prompts match, asked after L1 and L2 missed) leaves
     * and comes back under load; a lookup still waiting for its embedding when the bundle stops ends as a miss.
     */
    @Test
    public void semanticCacheBundleStopsAndStartsWithoutAFailedRequest() throws Exception {
        featuresService.installFeature("switchboard-cache-semantic");
        configure(configAdmin, "dev.switchboard.cache.semantic", Map.of("embedding.model", "mock-embed",
                "models", new String[] {"mock-echo"}, "lookup.timeout.ms", "500"));
        waitFor("semantic cache bound", HOT_DEPLOY_LIMIT, () -> healthNames("caches").contains("semantic"));
        cacheBundleLeavesAndComesBack("switchboard-cache-semantic", "semantic", "hot-deploy-semantic-cache-loop");
    }

    private void cacheBundleLeavesAndComesBack(String symbolicName, String cacheName, String keyName)
            throws Exception {
        Bundle cache = bundle(symbolicName);
        try (BackgroundTraffic traffic = new BackgroundTraffic(createKey(keys, keyName)[1], "mock-echo", PAUSE, TRAFFIC_REQUESTS,
                TRAFFIC_LIMIT, UnaryOperator.identity(), true)) {
            awaitMoreTraffic(traffic);
            assertThat(healthNames("caches")).contains(cacheName);

            cache.stop();
            waitFor("cache unbound from the gateway", HOT_DEPLOY_LIMIT,
                    () -> !healthNames("caches").contains(cacheName));
            awaitMoreTraffic(traffic);

            cache.start();
            waitFor("cache bound again", HOT_DEPLOY_LIMIT, () -> healthNames("caches").contains(cacheName));
            awaitMoreTraffic(traffic);
            assertSteady(traffic);
        } finally {
            if (cache.getState() != Bundle.ACTIVE) {
                cache.start();
            }
        }
    }

    private BackgroundTraffic traffic(String keyName) {
        return new BackgroundTraffic(createKey(keys, keyName)[1], "mock-echo", PAUSE, TRAFFIC_REQUESTS, TRAFFIC_LIMIT);
    }

    /** Lets the loop send a few requests in the state just reached. */
    private static void awaitMoreTraffic(BackgroundTraffic traffic) {
        int before = traffic.sent();
        waitFor("more background traffic", HOT_DEPLOY_LIMIT, () -> traffic.sent() >= before + 5);
    }

    private static int status(String apiKey) {
        return chat(apiKey, "mock-echo", "quota probe", "").statusCode();
    }

    private static void assertSteady(BackgroundTraffic traffic) throws InterruptedException {
        traffic.close();
        assertThat(traffic.sent()).isGreaterThan(10);
        assertThat(traffic.failures()).isEmpty();
    }
}
