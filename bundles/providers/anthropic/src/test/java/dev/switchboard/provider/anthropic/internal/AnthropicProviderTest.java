package dev.switchboard.provider.anthropic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.support.http.UpstreamHttp;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.HttpClient;
import org.junit.Test;

/** The provider type: an instance only with a key (configured or ANTHROPIC_API_KEY), the catalog, the settings. */
public class AnthropicProviderTest {

    private static final String KEY = "sk-ant-api03-ProviderTestKey0123456789";
    private static final UnaryOperator<String> NO_ENV = name -> null;
    private static final UpstreamHttp HTTP = () -> new HttpClient();

    @Test
    public void offersNoInstanceWithoutAKey() {
        AnthropicProvider provider = new AnthropicProvider(HTTP, config(Map.of()), NO_ENV);

        assertThat(provider.type()).isEqualTo("anthropic");
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.CHAT_STREAMING);
        assertThat(provider.configuredInstances()).isEmpty();
    }

    @Test
    public void takesTheKeyFromTheEnvironmentWithTheCatalogAndItsOutputLimits() {
        AnthropicProvider provider = new AnthropicProvider(HTTP, config(Map.of()),
                name -> "ANTHROPIC_API_KEY".equals(name) ? KEY : null);

        InstanceConfig instance = provider.configuredInstances().get(0);
        assertThat(instance.id()).isEqualTo("anthropic");
        assertThat(instance.apiKey()).isEqualTo(KEY);
        assertThat(instance.baseUrl()).isEqualTo("https://api.anthropic.com/v1");
        assertThat(instance.models()).extracting(ModelInfo::id).contains("claude-sonnet-4-5", "claude-haiku-4-5",
                "claude-opus-4-1");
        assertThat(instance.models()).allMatch(m -> m.contextWindow() > 0 && m.inputPricePerMTok().signum() > 0);
        assertThat(instance.toString()).doesNotContain(KEY);
        AnthropicSettings settings = AnthropicSettings.from(instance);
        assertThat(settings.apiVersion()).isEqualTo("2023-06-01");
        assertThat(settings.maxTokensFor("claude-sonnet-4-5")).isEqualTo(64000);
        assertThat(settings.maxTokensFor("claude-3-5-haiku-latest")).isEqualTo(8192);
        assertThat(settings.maxTokensFor("claude-unknown")).isEqualTo(4096);
        assertThat(settings.endpoint().toString()).isEqualTo("https://api.anthropic.com/v1/messages");
    }

    @Test
    public void wrongSettingsFailNamingTheKey() {
        assertThatThrownBy(() -> new AnthropicProvider(HTTP, config(Map.of("api_key", KEY, "base_url", "ftp://x")), NO_ENV))
                .hasMessageContaining("base.url").hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> new AnthropicProvider(HTTP, config(Map.of("api_key", KEY,
                "max_output_tokens", new String[] {"claude-x=lots"})), NO_ENV))
                .hasMessageContaining("max.output.tokens");
        assertThatThrownBy(() -> new AnthropicProvider(HTTP, config(Map.of()), NO_ENV).createInstance(
                new InstanceConfig("a", "anthropic", null, "", List.of(), 1, Map.of())))
                .hasMessageContaining("no API key");
    }

    /** The annotation-typed configuration DS would build: defaults from the annotation, overridden by name. */
    static AnthropicConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (AnthropicConfig) Proxy.newProxyInstance(AnthropicConfig.class.getClassLoader(),
                new Class<?>[] {AnthropicConfig.class}, (proxy, method, args) -> {
                    if ("annotationType".equals(method.getName())) {
                        return AnthropicConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
