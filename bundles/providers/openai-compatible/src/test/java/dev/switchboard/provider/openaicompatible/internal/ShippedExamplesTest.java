package dev.switchboard.provider.openaicompatible.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The vendor examples the distribution ships (karaf-assembly etc/examples) are valid once uncommented: each
 * makes an instance of this type, and none is active as shipped.
 */
public class ShippedExamplesTest {

    private static final Path EXAMPLES = Path.of("../../../karaf-assembly/src/main/distribution/etc/examples");
    private static final Set<String> CORE_KEYS = Set.of("id", "type", "base.url", "api.key", "models", "weight");

    @Test
    public void everyVendorExampleMakesAnInstanceOnceUncommented() throws IOException {
        List<Path> files = examples();
        for (Path file : files) {
            String text = Files.readString(file);
            Properties asShipped = new Properties();
            asShipped.load(new StringReader(text));
            assertThat(asShipped).as("%s is active as shipped", file).isEmpty();

            Properties uncommented = new Properties();
            uncommented.load(new StringReader(text.lines().map(line -> line.matches("#[a-z][\\w.-]* = .*")
                    ? line.substring(1) : line).collect(Collectors.joining("\n"))));
            InstanceConfig config = instance(uncommented);
            assertThat(config.type()).as("%s", file).isEqualTo(OpenAiCompatibleProvider.TYPE);
            OpenAiCompatibleSettings settings = OpenAiCompatibleSettings.from(config, name -> "a-key-from-" + name);
            assertThat(settings.endpoint().toString()).as("%s", file).endsWith("/v1/chat/completions");
            assertThat(config.models()).as("%s", file).isNotEmpty();
        }
    }

    /** What core's instance definition makes of the file. */
    private static InstanceConfig instance(Properties properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(key -> !CORE_KEYS.contains(key))
                .forEach(key -> settings.put(key, properties.getProperty(key)));
        return new InstanceConfig(properties.getProperty("id"), properties.getProperty("type"),
                properties.getProperty("base.url"), properties.getProperty("api.key"),
                ModelSpecs.parse(properties.getProperty("models", "")), 1, settings);
    }

    private static List<Path> examples() {
        return Stream.of("lmstudio", "vllm", "groq", "mistral", "deepseek", "together", "openrouter")
                .map(vendor -> EXAMPLES.resolve("dev.switchboard.instance-" + vendor + ".cfg")).collect(Collectors.toList());
    }
}
