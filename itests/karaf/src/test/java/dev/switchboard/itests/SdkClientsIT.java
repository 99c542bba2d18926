package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 10: the official OpenAI Node SDK, unmodified, against the running distribution for every endpoint
 * (chat plain, streamed and with tools; embeddings base64 and float; images; legacy completions; speech;
 * transcriptions and translations; legacy completions plain and streamed; the Responses API passed through
 * (plain, streamed, tools: every field and event as the upstream sent them) and mapped onto chat (plain, streamed,
 * tools; model {@code stub-mapped} of an {@code openai-compatible} instance without the Responses API); an error).
 * The gateway's instances call {@link OpenAiFixtureUpstream}, which answers in OpenAI's wire format. The script
 * is {@code itests/sdk-clients/openai/endpoints.mjs}; skipped (with the reason) when node or npm is missing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SdkClientsIT extends SwitchboardTestSupport {

    private static final String CLIENTS = "switchboard.it.sdk.clients";
    private static final String MODELS = String.join(",", "stub-chat=1/2/128000", "stub-embed=0.02/0/8191",
            "stub-image=0/0;image=0.04;modalities=text+image", "stub-instruct=1.5/2/4096",
            "stub-tts=60/0;modalities=text+audio", "stub-whisper=0/0;audio.second=0.0001;modalities=text+audio");

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    @Override
    public Option[] config() throws java.io.IOException {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 1);
        all[base.length] = systemProperty(CLIENTS).value(required(CLIENTS));
        return all;
    }

    @Test
    public void theOfficialOpenAiNodeSdkWorksForEveryEndpoint() throws Exception {
        assumeTrue("node is not installed: the OpenAI Node SDK check is skipped", NodeScript.onPath("node") != null);
        assumeTrue("npm is not installed: the OpenAI Node SDK check is skipped", NodeScript.onPath("npm") != null);
        Path work = NodeScript.install(Paths.get(required(CLIENTS)),
                Files.createTempDirectory("switchboard-sdk-clients"), Duration.ofSeconds(60));

        try (OpenAiFixtureUpstream upstream = new OpenAiFixtureUpstream()) {
            org.osgi.service.cm.Configuration instance =
                    configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("id", "sdk-upstream");
            properties.put("type", "openai");
            properties.put("base.url", upstream.baseUrl());
            properties.put("api.key", "sk-stub-not-a-secret");
            properties.put("models", MODELS);
            instance.update(properties);
            // a second instance of the same upstream without the Responses API: /v1/responses is mapped onto chat
            org.osgi.service.cm.Configuration mapped =
                    configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
            Hashtable<String, Object> mappedProperties = new Hashtable<>();
            mappedProperties.put("id", "sdk-mapped");
            mappedProperties.put("type", "openai-compatible");
            mappedProperties.put("base.url", upstream.baseUrl());
            mappedProperties.put("api.key", "sk-stub-not-a-secret");
            mappedProperties.put("models", "stub-mapped=1/2/128000");
            mapped.update(mappedProperties);
            try {
                waitFor("models stub-whisper and stub-mapped listed", Duration.ofSeconds(30),
                        () -> modelIds().contains("stub-whisper") && modelIds().contains("stub-mapped"));
                List<NodeScript.Check> checks = NodeScript.run(work, "openai/endpoints.mjs", Map.of(
                        "SWITCHBOARD_URL", baseUrl(), "SWITCHBOARD_KEY", ADMIN_KEY,
                        "EXPECTED_ANSWER", OpenAiFixtureUpstream.ANSWER,
                        "EXPECTED_SPEECH", OpenAiFixtureUpstream.SPEECH), Duration.ofSeconds(90));

                String failed = checks.stream().filter(check -> !check.ok())
                        .map(check -> check.name() + ": " + check.detail()).collect(Collectors.joining("\n"));
                assertThat(failed).as("SDK checks that failed").isEmpty();
                assertThat(checks).extracting(NodeScript.Check::name).contains("embeddings.create (SDK default: base64)",
                        "audio.speech.create", "audio.transcriptions.create json", "responses.create stream",
                        "chat.completions.create tools", "completions.create (legacy)",
                        "completions.create stream (legacy)", "responses.create passthrough keeps every field",
                        "responses.create stream passthrough keeps every event", "responses.create tools passthrough");
                assertThat(upstream.requests()).as("answers came from the upstream").isGreaterThan(10);
            } finally {
                instance.delete();
                mapped.delete();
            }
        }
    }
}
