package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Anthropic's official TypeScript SDK, unmodified, against {@code /v1/messages} of the running distribution: chat,
 * streaming, tools (call, result turn, streamed call) and count_tokens, with the mock provider behind the gateway
 * and with the {@code anthropic} provider calling a loopback stub of the Messages API. The SDK runs in
 * {@code node} ({@code itests/sdk-clients/anthropic/sdk-check.mjs}, SDK vendored there); without {@code node} on
 * the PATH the tests are skipped and say so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AnthropicSdkIT extends SwitchboardTestSupport {

    static final String HARNESS = "switchboard.it.sdk.anthropic";
    static final String WORK = "switchboard.it.sdk.anthropic.work";
    private static final String SDK_TARBALL = "vendor/anthropic-ai-sdk-0.62.0.tgz";

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 2);
        all[base.length] = systemProperty(HARNESS).value(new File(required(HARNESS)).getAbsolutePath());
        all[base.length + 1] = systemProperty(WORK).value(new File(required(WORK)).getAbsolutePath());
        return all;
    }

    @Test
    public void theSdkChatsStreamsAndUsesToolsThroughTheMockProvider() throws Exception {
        JsonNode seen = runSdk("mock-echo");

        assertThat(seen.at("/chat/type").asText()).as(seen.toString()).isEqualTo("message");
        assertThat(seen.at("/chat/text").asText()).isEqualTo("hello from the anthropic sdk");
        assertThat(seen.at("/chat/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(seen.at("/chat/output_tokens").asInt()).isPositive();
        assertThat(seen.at("/stream/text").asText()).as(seen.toString()).isEqualTo("one two three four");
        assertThat(seen.at("/stream/final_text").asText()).isEqualTo("one two three four");
        assertThat(seen.at("/stream/pieces").asInt()).isGreaterThan(1);
        assertThat(seen.at("/stream/first_event").asText()).isEqualTo("message_start");
        assertThat(seen.at("/stream/last_event").asText()).isEqualTo("message_stop");
        assertThat(seen.at("/stream/output_tokens").asInt()).isPositive();
        // the mock does not call tools, but requests with tools and tool results go through
        assertThat(seen.at("/tools/text").asText()).as(seen.toString()).isEqualTo("What is the weather in Paris?");
        assertThat(seen.at("/toolResult/stop_reason").asText()).as(seen.toString()).isEqualTo("end_turn");
        assertThat(seen.at("/toolStream/stop_reason").asText()).as(seen.toString()).isEqualTo("end_turn");
        assertThat(seen.at("/countTokens/input_tokens").asInt()).as(seen.toString()).isEqualTo(100);
        assertThat(seen.at("/authError/status").asInt()).isEqualTo(401);
        assertThat(seen.at("/authError/class").asText()).isEqualTo("AuthenticationError");
        assertThat(seen.at("/authError/type").asText()).isEqualTo("authentication_error");
    }

    @Test
    public void theSdkUsesToolsThroughTheAnthropicProviderAgainstItsStub() throws Exception {
        try (AnthropicStub stub = new AnthropicStub()) {
            org.osgi.service.cm.Configuration instance =
                    configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("id", "anthropic-stub");
            properties.put("type", "anthropic");
            properties.put("base.url", stub.baseUrl());
            properties.put("api.key", "sk-ant-stub-not-a-secret");
            properties.put("models", "claude-stub=1/5/200000");
            instance.update(properties);
            try {
                waitFor("model claude-stub listed", SETTLE, () -> modelIds().contains("claude-stub"));
                JsonNode seen = runSdk("claude-stub");

                assertThat(seen.at("/chat/text").asText()).as(seen.toString()).isEqualTo(AnthropicStub.ANSWER);
                assertThat(seen.at("/chat/stop_reason").asText()).isEqualTo("end_turn");
                // as Anthropic counts them: input_tokens without the cache reads, which come apart
                assertThat(seen.at("/chat/input_tokens").asInt()).isEqualTo(21);
                assertThat(seen.at("/chat/cache_read_input_tokens").asInt()).isEqualTo(4);
                assertThat(seen.at("/chat/output_tokens").asInt()).isEqualTo(9);
                assertThat(seen.at("/stream/text").asText()).as(seen.toString()).isEqualTo(AnthropicStub.ANSWER);
                assertThat(seen.at("/stream/output_tokens").asInt()).isEqualTo(9);
                assertThat(seen.at("/tools/stop_reason").asText()).as(seen.toString()).isEqualTo("tool_use");
                assertThat(seen.at("/tools/tool/name").asText()).isEqualTo("get_weather");
                assertThat(seen.at("/tools/tool/input/city").asText()).isEqualTo("Paris");
                assertThat(seen.at("/toolResult/text").asText()).as(seen.toString()).isEqualTo(AnthropicStub.WEATHER);
                assertThat(seen.at("/toolStream/stop_reason").asText()).as(seen.toString()).isEqualTo("tool_use");
                assertThat(seen.at("/toolStream/tool/input/city").asText()).isEqualTo("Paris");
                assertThat(seen.at("/toolStream/partials").asInt()).isEqualTo(3);
                assertThat(stub.sawAnthropicHeaders()).isTrue();
                assertThat(stub.requests()).isGreaterThanOrEqualTo(5);
            } finally {
                instance.delete();
            }
        }
    }

    /** Runs the SDK script against this gateway with the admin key and returns what it printed (VendorSdkIT too). */
    static JsonNode runSdk(String model) throws Exception {
        Path work = harness();
        ProcessBuilder builder = new ProcessBuilder("node", "sdk-check.mjs", baseUrl(), ADMIN_KEY, model)
                .directory(work.toFile()).redirectErrorStream(false);
        builder.environment().remove("ANTHROPIC_API_KEY");
        builder.environment().remove("ANTHROPIC_BASE_URL");
        Process node = builder.start();
        boolean done = node.waitFor(90, TimeUnit.SECONDS);
        if (!done) {
            node.destroyForcibly();
            throw new AssertionError("the SDK script did not finish within 90 s");
        }
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(node.exitValue()).as("node exit; stderr: " + err).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as("stdout; stderr: " + err).isNotEmpty();
        return json(lines.get(lines.size() - 1));
    }

    /** A work copy of the harness with the vendored SDK unpacked into node_modules; skips when node is missing. */
    private static synchronized Path harness() throws Exception {
        Assume.assumeTrue("node is not installed (not on the PATH): the Anthropic SDK client check is skipped",
                nodeAvailable());
        Path source = Path.of(required(HARNESS));
        Path dir = Path.of(required(WORK));
        Path sdk = dir.resolve("node_modules/@anthropic-ai/sdk");
        Files.createDirectories(sdk);
        for (String file : List.of("sdk-check.mjs", "package.json")) {
            Files.copy(source.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(sdk.resolve("package.json"))) {
            return dir;
        }
        Process tar = new ProcessBuilder("tar", "-xzf", source.resolve(SDK_TARBALL).toString(),
                "--strip-components=1", "-C", sdk.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).as("tar finished").isTrue();
        assertThat(tar.exitValue()).as(new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        return dir;
    }

    private static boolean nodeAvailable() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return node.waitFor(20, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
