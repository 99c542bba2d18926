package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.switchboard.core.api.ApiKeys;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
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
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;

/**
 * The plugin author's path end to end: examples/reverse, generated from the archetype and built outside the
 * reactor against the installed SDK (module itests/examples, versions 1.0.0 and 1.1.0), is installed both ways
 * docs/plugin-guide.md offers (a copy into deploy/, and {@code bundle:install mvn:...}), serves a chat, is
 * upgraded to 1.1.0 under steady traffic to its own model without a failed request (the new version beside the
 * old, then the old removed: core hands the old one's instance ids to the new one in one routing-table swap),
 * and is removed (404 model_not_found).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExampleProviderIT extends SwitchboardTestSupport {

    private static final String SYMBOLIC_NAME = "dev.switchboard.examples.reverse";
    private static final String MVN = "mvn:dev.switchboard.examples/reverse/";
    private static final String MODEL = "reverse-small";
    private static final String JAR_1_0 = "switchboard.it.example.reverse.1.0.0";
    private static final String JAR_1_1 = "switchboard.it.example.reverse.1.1.0";
    private static final Version V1_0 = new Version("1.0.0");
    private static final Version V1_1 = new Version("1.1.0");
    private static final Duration HOT_DEPLOY_LIMIT = SETTLE;
    // one request per 100 ms keeps the loop's key far below the default 600 per minute
    private static final Duration PAUSE = Duration.ofMillis(100);

    @Inject
    private ApiKeys keys;

    @Configuration
    @Override
    public Option[] config() throws IOException {
        // itests/examples installed both versions into the local repository this build uses
        Path versions = Paths.get(required("switchboard.it.local.repository"), "dev", "switchboard", "examples",
                "reverse");
        return OptionUtils.combine(super.config(),
                systemProperty(JAR_1_0).value(versions.resolve("1.0.0/reverse-1.0.0.jar").toString()),
                systemProperty(JAR_1_1).value(versions.resolve("1.1.0/reverse-1.1.0.jar").toString()));
    }

    @Test
    public void droppedIntoDeployServesUpgradesUnderLoadAndLeaves() throws Exception {
        Path deploy = karafBase().resolve("deploy");
        Path old = deploy.resolve("reverse-1.0.0.jar");
        Path next = deploy.resolve("reverse-1.1.0.jar");
        try {
            Files.copy(Paths.get(required(JAR_1_0)), old, StandardCopyOption.REPLACE_EXISTING);
            awaitServed();
            assertAnswersReversed();

            try (BackgroundTraffic traffic = traffic("example-deploy-loop")) {
                awaitMoreTraffic(traffic);
                // the recommended upgrade: the new version beside the old one (another file name), then the old
                // one removed; bundle:update would stop the bundle first and leave the model briefly unserved
                Files.copy(Paths.get(required(JAR_1_1)), next, StandardCopyOption.REPLACE_EXISTING);
                awaitProviderRegistered(V1_1);
                awaitMoreTraffic(traffic);
                Files.delete(old);
                waitFor("1.0.0 uninstalled", HOT_DEPLOY_LIMIT, () -> bundle(V1_0).isEmpty());
                awaitMoreTraffic(traffic);
                assertSteady(traffic);
            }
            assertThat(executeCommand("switchboard:provider-list")).contains(SYMBOLIC_NAME + " 1.1.0");
            assertAnswersReversed();

            Files.delete(next);
            awaitGone();
        } finally {
            Files.deleteIfExists(old);
            Files.deleteIfExists(next);
        }
    }

    @Test
    public void installedFromMavenServesUpgradesUnderLoadAndLeaves() throws Exception {
        try {
            executeCommand("bundle:install -s " + MVN + "1.0.0");
            awaitServed();
            assertAnswersReversed();

            try (BackgroundTraffic traffic = traffic("example-mvn-loop")) {
                awaitMoreTraffic(traffic);
                executeCommand("bundle:install -s " + MVN + "1.1.0");
                awaitProviderRegistered(V1_1);
                awaitMoreTraffic(traffic);
                executeCommand("bundle:uninstall " + bundle(V1_0).orElseThrow().getBundleId());
                awaitMoreTraffic(traffic);
                assertSteady(traffic);
            }
            assertThat(executeCommand("switchboard:provider-list")).contains(SYMBOLIC_NAME + " 1.1.0");

            executeCommand("bundle:uninstall " + bundle(V1_1).orElseThrow().getBundleId());
            awaitGone();
        } finally {
            uninstall(V1_0);
            uninstall(V1_1);
        }
    }

    private void awaitServed() {
        waitFor(MODEL + " listed and served", HOT_DEPLOY_LIMIT, () -> modelIds().contains(MODEL)
                && chat(ADMIN_KEY, MODEL, "ready?", "").statusCode() == 200);
    }

    private static void assertAnswersReversed() {
        HttpResponse<String> answered = chat(ADMIN_KEY, MODEL, "abc def", "");
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        assertThat(json(answered).path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("fed cba");
        HttpResponse<String> streamed = chat(ADMIN_KEY, MODEL, "streamed", "\"stream\":true");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
        assertThat(sseData(streamed)).last().isEqualTo("[DONE]");
    }

    private static void awaitGone() {
        waitFor(MODEL + " gone", HOT_DEPLOY_LIMIT, () -> !modelIds().contains(MODEL));
        HttpResponse<String> gone = chat(ADMIN_KEY, MODEL, "anyone there?", "");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    /** Core binds a provider service synchronously when it is registered: from then on it stands beside the old one. */
    private void awaitProviderRegistered(Version version) {
        waitFor(SYMBOLIC_NAME + " " + version + " active with its provider service", HOT_DEPLOY_LIMIT,
                () -> bundle(version).filter(b -> b.getState() == Bundle.ACTIVE && b.getRegisteredServices() != null
                        && b.getRegisteredServices().length > 0).isPresent());
    }

    private Optional<Bundle> bundle(Version version) {
        return Arrays.stream(bundleContext.getBundles())
                .filter(b -> SYMBOLIC_NAME.equals(b.getSymbolicName()) && version.equals(b.getVersion()))
                .findFirst();
    }

    private void uninstall(Version version) throws BundleException {
        Optional<Bundle> left = bundle(version);
        if (left.isPresent()) {
            left.get().uninstall();
        }
    }

    private BackgroundTraffic traffic(String keyName) {
        return new BackgroundTraffic(createKey(keys, keyName)[1], MODEL, PAUSE, TRAFFIC_REQUESTS, TRAFFIC_LIMIT,
                message -> new StringBuilder(message).reverse().toString());
    }

    /** Lets the loop send a few requests in the state just reached. */
    private static void awaitMoreTraffic(BackgroundTraffic traffic) {
        int before = traffic.sent();
        waitFor("more background traffic", HOT_DEPLOY_LIMIT, () -> traffic.sent() >= before + 5);
    }

    private static void assertSteady(BackgroundTraffic traffic) throws InterruptedException {
        traffic.close();
        assertThat(traffic.sent()).isGreaterThan(10);
        assertThat(traffic.failures()).isEmpty();
    }
}
