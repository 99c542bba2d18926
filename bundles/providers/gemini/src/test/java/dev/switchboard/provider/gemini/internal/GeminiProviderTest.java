package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.Test;

/** The component: which instance its configuration and the environment ask for. */
public class GeminiProviderTest {

    private static GeminiConfig config(String apiKey, boolean enabled, String baseUrl) {
        return new GeminiConfig() {
            @Override public Class<? extends Annotation> annotationType() { return GeminiConfig.class; }
            @Override public boolean enabled() { return enabled; }
            @Override public String instance_id() { return "gemini"; }
            @Override public String api_key() { return apiKey; }
            @Override public String base_url() { return baseUrl; }
            @Override public String[] models() { return new String[] {"gemini-2.5-flash=0.30/2.50/1048576, gemini-2.5-pro=1.25/10.00/1048576"}; }
            @Override public int weight() { return 1; }
            @Override public long connect_timeout_ms() { return 10_000; }
            @Override public long request_timeout_ms() { return 300_000; }
            @Override public long stream_idle_timeout_ms() { return 300_000; }
        };
    }

    private static List<InstanceConfig> instances(GeminiConfig config, UnaryOperator<String> environment) {
        return GeminiProvider.configuredInstances(config, environment, Map.of("field.max.n", "2"));
    }

    @Test
    public void noKeyAnywhereMeansNoInstance() {
        assertThat(instances(config("", true, GeminiSettings.DEFAULT_BASE_URL), name -> null)).isEmpty();
    }

    @Test
    public void theGeminiKeyVariableComesFirstThenGoogles() {
        UnaryOperator<String> both = name -> Map.of("GEMINI_API_KEY", "AIza-gemini", "GOOGLE_API_KEY", "AIza-google").get(name);
        UnaryOperator<String> google = name -> "GOOGLE_API_KEY".equals(name) ? "AIza-google" : null;

        assertThat(instances(config("", true, GeminiSettings.DEFAULT_BASE_URL), both).get(0).apiKey()).isEqualTo("AIza-gemini");
        assertThat(instances(config("", true, GeminiSettings.DEFAULT_BASE_URL), google).get(0).apiKey()).isEqualTo("AIza-google");
        assertThat(instances(config("AIza-configured", true, GeminiSettings.DEFAULT_BASE_URL), both).get(0).apiKey())
                .isEqualTo("AIza-configured");
    }

    @Test
    public void theInstanceCarriesTheCatalogAndThePolicy() {
        InstanceConfig instance = instances(config("AIza-k", true, GeminiSettings.DEFAULT_BASE_URL), name -> null).get(0);

        assertThat(instance.id()).isEqualTo("gemini");
        assertThat(instance.type()).isEqualTo("gemini");
        assertThat(instance.models()).extracting(ModelInfo::id).containsExactly("gemini-2.5-flash", "gemini-2.5-pro");
        assertThat(instance.settings()).containsEntry("field.max.n", "2").containsEntry("request.timeout.ms", "300000");
    }

    @Test
    public void disabledMeansNoInstanceEvenWithAKey() {
        assertThat(instances(config("AIza-k", false, GeminiSettings.DEFAULT_BASE_URL), name -> null)).isEmpty();
    }

    @Test
    public void aBaseUrlWithAQueryIsRefusedSoNoKeyCanHideInIt() {
        assertThatThrownBy(() -> instances(config("AIza-k", true, "https://example.com/v1beta?key=AIza-k"), name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base.url")
                .hasMessageNotContaining("AIza-k");
    }

    @Test
    public void theDefaultCatalogParsesAndOffersChatAndStreaming() throws Exception {
        GeminiConfig defaults = config("AIza-k", true, GeminiSettings.DEFAULT_BASE_URL);
        String[] models = (String[]) GeminiConfig.class.getMethod("models").getDefaultValue();
        GeminiProvider provider = new GeminiProvider(null, defaults, name -> null, Map.of());

        assertThat(dev.switchboard.api.provider.ModelSpecs.parse(models)).extracting(ModelInfo::id)
                .contains("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite");
        assertThat(provider.type()).isEqualTo("gemini");
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.CHAT_STREAMING,
                Capability.EMBEDDINGS);
        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "gemini", null, "", List.of(), 1, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no API key");
    }
}
