package dev.switchboard.provider.azureopenai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class AzureOpenAiProviderTest {

    private static final Map<String, String> ENV = Map.of(
            "AZURE_OPENAI_ENDPOINT", "https://contoso.openai.azure.com/",
            "AZURE_OPENAI_API_KEY", "env-key-123");

    @Test
    public void nothingIsOfferedWithoutEndpointAndKey() {
        assertThat(AzureOpenAiProvider.configuredInstances(config(Map.of()), name -> null, Map.of())).isEmpty();
        assertThat(AzureOpenAiProvider.configuredInstances(config(Map.of()),
                name -> "AZURE_OPENAI_ENDPOINT".equals(name) ? "https://contoso.openai.azure.com" : null, Map.of())).isEmpty();
    }

    @Test
    public void theEnvironmentEnablesTheInstance() {
        List<InstanceConfig> instances = AzureOpenAiProvider.configuredInstances(
                config(Map.of("deployments", new String[] {"gpt-4o=prod-gpt4o"})), ENV::get,
                Map.of("field.deny", "logprobs"));

        assertThat(instances).hasSize(1);
        InstanceConfig instance = instances.get(0);
        assertThat(instance.id()).isEqualTo("azure-openai");
        assertThat(instance.apiKey()).isEqualTo("env-key-123");
        assertThat(instance.settings()).containsEntry("field.deny", "logprobs").doesNotContainValue("env-key-123");
        AzureOpenAiSettings settings = AzureOpenAiSettings.from(instance);
        assertThat(settings.deployment("gpt-4o")).isEqualTo("prod-gpt4o");
        assertThat(settings.uri("prod-gpt4o")).isEqualTo(URI.create(
                "https://contoso.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21"));
    }

    @Test
    public void bearerAuthTakesTheEntraToken() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("AZURE_OPENAI_AD_TOKEN", "eyJ0eXAi.token");
        List<InstanceConfig> instances = AzureOpenAiProvider.configuredInstances(config(Map.of("auth", "bearer")),
                env::get, Map.of());

        assertThat(instances.get(0).apiKey()).isEqualTo("eyJ0eXAi.token");
        assertThat(AzureOpenAiSettings.from(instances.get(0)).auth()).isEqualTo(AzureOpenAiSettings.Auth.BEARER);
    }

    @Test
    public void v1HasNoApiVersionUnlessAsked() {
        assertThat(AzureOpenAiSettings.from(instance(Map.of("surface", "v1"))).uri("gpt-4o"))
                .isEqualTo(URI.create("https://contoso.openai.azure.com/openai/v1/chat/completions"));
        assertThat(AzureOpenAiSettings.from(instance(Map.of("surface", "v1", "api.version", "preview"))).uri("gpt-4o"))
                .isEqualTo(URI.create("https://contoso.openai.azure.com/openai/v1/chat/completions?api-version=preview"));
    }

    @Test
    public void aModelWithoutMappingIsCalledByItsOwnName() {
        AzureOpenAiSettings settings = AzureOpenAiSettings.from(instance(Map.of()));
        assertThat(settings.deployment("gpt-4o")).isEqualTo("gpt-4o");
        assertThat(settings.uri("gpt-4o").getPath()).isEqualTo("/openai/deployments/gpt-4o/chat/completions");
    }

    @Test
    public void namesTheWrongSetting() {
        assertThatThrownBy(() -> AzureOpenAiSettings.from(instance(Map.of("auth", "password"))))
                .hasMessageContaining("auth");
        assertThatThrownBy(() -> AzureOpenAiSettings.from(instance(Map.of("surface", "v2"))))
                .hasMessageContaining("surface");
        assertThatThrownBy(() -> AzureOpenAiSettings.from(instance(Map.of("deployments", "gpt-4o"))))
                .hasMessageContaining("deployments");
        assertThatThrownBy(() -> AzureOpenAiSettings.from(new InstanceConfig("a", AzureOpenAiProvider.TYPE,
                "https://k:s@contoso.openai.azure.com", "k", List.of(), 1, Map.of()))).hasMessageContaining("endpoint");
    }

    private static InstanceConfig instance(Map<String, String> settings) {
        return new InstanceConfig("a", AzureOpenAiProvider.TYPE, "https://contoso.openai.azure.com", "k",
                List.of(ModelInfo.text("gpt-4o", "2.50", "10.00", 128000)), 1, settings);
    }

    /** The annotation-typed configuration DS would build: defaults from the annotation, overridden by name. */
    static AzureOpenAiConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (AzureOpenAiConfig) Proxy.newProxyInstance(AzureOpenAiConfig.class.getClassLoader(),
                new Class<?>[] {AzureOpenAiConfig.class}, (proxy, method, args) -> {
                    if ("annotationType".equals(method.getName())) {
                        return AzureOpenAiConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
