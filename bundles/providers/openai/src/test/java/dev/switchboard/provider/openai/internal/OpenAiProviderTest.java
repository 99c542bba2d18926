package dev.switchboard.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.HttpClient;
import org.junit.Test;

public class OpenAiProviderTest {

    private static final String KEY = "sk-proj-ProviderTestKey0123456789";
    private static final UnaryOperator<String> NO_ENV = name -> null;
    private static final UpstreamHttp HTTP = () -> new HttpClient();

    @Test
    public void offersNoInstanceWithoutAKey() {
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(Map.of()), NO_ENV);

        assertThat(provider.type()).isEqualTo("openai");
        assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.CHAT_STREAMING);
        assertThat(provider.configuredInstances()).isEmpty();
    }

    @Test
    public void takesTheKeyFromTheEnvironment() {
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(Map.of()),
                name -> "OPENAI_API_KEY".equals(name) ? KEY : null);

        assertThat(provider.configuredInstances()).hasSize(1);
        InstanceConfig instance = provider.configuredInstances().get(0);
        assertThat(instance.id()).isEqualTo("openai");
        assertThat(instance.type()).isEqualTo("openai");
        assertThat(instance.apiKey()).isEqualTo(KEY);
        assertThat(instance.baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(instance.models()).extracting(ModelInfo::id).contains("gpt-4o", "gpt-4o-mini", "gpt-4.1",
                "gpt-4.1-mini", "o4-mini", "gpt-5");
        // every model has a price: per token, or per image or second of audio where tokens are not what is billed
        assertThat(instance.models()).allMatch(m -> m.inputPricePerMTok().signum() > 0
                || m.pricePerImage().signum() > 0 || m.pricePerAudioSecond().signum() > 0);
        assertThat(instance.models()).filteredOn(m -> java.util.List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-5",
                "o3").contains(m.id())).allMatch(m -> m.contextWindow() > 0 && m.maxOutputTokens() > 0
                && m.cachedInputPricePerMTok().compareTo(m.inputPricePerMTok()) < 0);
        assertThat(instance.settings()).containsEntry("request.timeout.ms", "300000").doesNotContainKey("organization");
        assertThat(instance.toString()).doesNotContain(KEY);
    }

    @Test
    public void theConfiguredKeyWinsOverTheEnvironment() {
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(Map.of("api_key", KEY, "organization", "org-1",
                "instance_id", "openai-eu", "models", new String[] {"gpt-4o-mini=0.15/0.60/128000"})), name -> "sk-other");

        InstanceConfig instance = provider.configuredInstances().get(0);
        assertThat(instance.apiKey()).isEqualTo(KEY);
        assertThat(instance.id()).isEqualTo("openai-eu");
        assertThat(instance.settings()).containsEntry("organization", "org-1");
        assertThat(instance.models()).extracting(ModelInfo::id).containsExactly("gpt-4o-mini");
    }

    @Test
    public void passesTheFieldPolicyOfItsConfigurationToCore() {
        Map<String, Object> raw = Map.of("api_key", KEY, "field.max.n", "4",
                "field.allowed.service_tier", new String[] {"default", "auto"}, "organization", "org-1");
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(raw), NO_ENV, raw);

        assertThat(provider.configuredInstances().get(0).settings()).containsEntry("field.max.n", "4")
                .containsEntry("field.allowed.service_tier", "default,auto").doesNotContainKey("api_key");
    }

    @Test
    public void passesItsHealthCheckIntervalToCore() {
        Map<String, Object> raw = Map.of("api_key", KEY, "health.check.interval.ms", "60000");
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(raw), NO_ENV, raw);

        assertThat(provider.configuredInstances().get(0).settings()).containsEntry("health.check.interval.ms", "60000");
    }

    @Test
    public void disabledOffersNothing() {
        assertThat(new OpenAiProvider(HTTP, config(Map.of("api_key", KEY, "enabled", false)), NO_ENV)
                .configuredInstances()).isEmpty();
    }

    @Test
    public void aWrongConfigurationFailsActivationByName() {
        assertThatThrownBy(() -> new OpenAiProvider(HTTP, config(Map.of("api_key", KEY, "base_url", "not a url")), NO_ENV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base.url").hasMessageNotContaining(KEY);
    }

    @Test
    public void createsInstancesOperatorsAdd() {
        OpenAiProvider provider = new OpenAiProvider(HTTP, config(Map.of()), NO_ENV);

        ProviderInstance instance = provider.createInstance(new InstanceConfig("openai-2", "openai",
                "https://proxy.example/v1", KEY, List.of(), 3, Map.of("request.timeout.ms", "1000")));

        assertThat(instance.id()).isEqualTo("openai-2");
        assertThat(instance.toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "anthropic", null, KEY, null, 1, null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "openai", null, " ", null, 1, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no API key");
    }

    /** The annotation-typed configuration DS would build: defaults from the annotation, overridden by name. */
    static OpenAiConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (OpenAiConfig) Proxy.newProxyInstance(OpenAiConfig.class.getClassLoader(), new Class<?>[] {OpenAiConfig.class},
                (proxy, method, args) -> {
                    if ("annotationType".equals(method.getName())) {
                        return OpenAiConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
