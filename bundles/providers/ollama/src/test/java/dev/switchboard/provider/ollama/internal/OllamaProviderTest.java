package dev.switchboard.provider.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.WireSamples;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class OllamaProviderTest {

    @Test
    public void nothingIsOfferedWithoutAServer() {
        assertThat(OllamaProvider.configuredInstance(config(Map.of()), name -> null, Map.of())).isNull();
    }

    @Test
    public void ollamaHostInAnyOfItsFormsNamesTheServer() {
        assertThat(OllamaSettings.baseUrl("127.0.0.1:11434")).isEqualTo("http://127.0.0.1:11434");
        assertThat(OllamaSettings.baseUrl("0.0.0.0")).isEqualTo("http://127.0.0.1:11434");
        assertThat(OllamaSettings.baseUrl(":8080")).isEqualTo("http://127.0.0.1:8080");
        assertThat(OllamaSettings.baseUrl("http://gpu-box:11434/")).isEqualTo("http://gpu-box:11434");
        assertThat(OllamaSettings.baseUrl("https://ollama.example.com")).isEqualTo("https://ollama.example.com");
        InstanceConfig instance = OllamaProvider.configuredInstance(config(Map.of()),
                name -> "OLLAMA_HOST".equals(name) ? "0.0.0.0:11434" : null, Map.of("field.deny", "logprobs"));
        assertThat(instance.baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(instance.settings()).containsEntry("field.deny", "logprobs");
        assertThatThrownBy(() -> OllamaSettings.baseUrl("ftp://x")).hasMessageContaining("base.url");
    }

    @Test
    public void configuredModelsKeepTheirPricesAndDiscoveredOnesAreAddedFree() {
        List<ModelInfo> merged = OllamaProvider.merge(List.of(ModelInfo.text("llama3.2", "0.10", "0.20", 131072)),
                List.of("llama3.2:latest", "qwen2.5:7b"));

        assertThat(merged).extracting(ModelInfo::id).containsExactly("llama3.2", "llama3.2:latest", "qwen2.5:7b");
        assertThat(merged.get(0).inputPricePerMTok()).isEqualByComparingTo("0.10");
    }

    @Test
    public void discoveredModelsArePublishedByANewServiceBeforeTheOldOneGoes() throws Exception {
        try (LoopbackUpstream upstream = LoopbackUpstream.start()) {
            upstream.reply(LoopbackUpstream.json(200, WireSamples.text("api-tags.json")));
            HttpClient client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
            UpstreamHttp http = () -> client;
            List<String> events = new CopyOnWriteArrayList<>();
            List<ModelProvider> services = new CopyOnWriteArrayList<>();
            OllamaProvider provider = new OllamaProvider(http, config(Map.of("base_url", upstream.baseUrl(),
                    "refresh_interval_ms", 0L)), name -> null, Map.of());
            try {
                provider.register(context(events, services));
                for (int i = 0; i < 100 && events.size() < 3; i++) {
                    Thread.sleep(50);
                }

                assertThat(upstream.last().path()).isEqualTo("/api/tags");
                assertThat(events).containsExactly("register 1", "register 2", "unregister 1");
                assertThat(services.get(0).configuredInstances().get(0).models()).isEmpty();
                assertThat(services.get(1).configuredInstances().get(0).models()).extracting(ModelInfo::id)
                        .containsExactly("llama3.2:latest", "llama3.2", "qwen2.5:7b");

                // the same list again changes nothing
                provider.discovered(List.of("llama3.2:latest", "qwen2.5:7b"));
                assertThat(events).hasSize(3);
            } finally {
                provider.unregister();
                client.stop();
            }
            assertThat(events).endsWith("unregister 2");
        }
    }

    private static BundleContext context(List<String> events, List<ModelProvider> services) {
        return (BundleContext) Proxy.newProxyInstance(OllamaProviderTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if ("registerService".equals(method.getName()) && args[0] == ModelProvider.class) {
                        services.add((ModelProvider) args[1]);
                        int number = services.size();
                        events.add("register " + number);
                        return Proxy.newProxyInstance(OllamaProviderTest.class.getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                    if ("unregister".equals(m.getName())) {
                                        events.add("unregister " + number);
                                    }
                                    return null;
                                });
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** The annotation-typed configuration DS would build: defaults from the annotation, overridden by name. */
    static OllamaConfig config(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(overrides);
        return (OllamaConfig) Proxy.newProxyInstance(OllamaConfig.class.getClassLoader(),
                new Class<?>[] {OllamaConfig.class}, (proxy, method, args) -> {
                    if ("annotationType".equals(method.getName())) {
                        return OllamaConfig.class;
                    }
                    if (method.getDefaultValue() == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return values.getOrDefault(method.getName(), method.getDefaultValue());
                });
    }
}
