package dev.switchboard.provider.httptemplate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.Test;

/** The http-template example the distribution ships (etc/examples) is inactive as shipped and valid uncommented. */
public class ShippedExampleTest {

    private static final Path EXAMPLE =
            Path.of("../../../karaf-assembly/src/main/distribution/etc/examples/dev.switchboard.instance-textgen.cfg");
    private static final Set<String> CORE_KEYS = Set.of("id", "type", "base.url", "api.key", "models", "weight");

    @Test
    public void theExampleMakesAnInstanceOnceUncommented() throws IOException {
        String text = Files.readString(EXAMPLE);
        Properties asShipped = new Properties();
        asShipped.load(new StringReader(text));
        assertThat(asShipped).isEmpty();

        Properties properties = new Properties();
        properties.load(new StringReader(text.lines().map(line -> line.matches("#[a-z][\\w.-]* = .*")
                ? line.substring(1) : line).collect(Collectors.joining("\n"))));
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> !CORE_KEYS.contains(key))
                .forEach(key -> settings.put(key, properties.getProperty(key)));
        InstanceConfig config = new InstanceConfig(properties.getProperty("id"), properties.getProperty("type"),
                properties.getProperty("base.url"), null, ModelSpecs.parse(properties.getProperty("models")), 1, settings);

        assertThat(config.type()).isEqualTo(HttpTemplateProvider.TYPE);
        HttpTemplateSettings parsed = HttpTemplateSettings.from(config, name -> "key-" + name);
        String body = new String(parsed.body().render(ChatRequest.builder("my-model",
                List.of(ChatMessage.of(ChatMessage.USER, "hi"))).maxTokens(5).build(), "my-model", true), StandardCharsets.UTF_8);
        assertThat(body).isEqualTo("{\"inputs\": \"hi\", \"parameters\": {\"max_new_tokens\": 5, \"temperature\": null}, \"stream\": true}");
        assertThat(parsed.headers()).containsEntry("x-api-key", "key-TEXTGEN_API_KEY");
    }
}
