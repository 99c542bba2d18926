package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import java.util.List;
import java.util.Set;

/**
 * The {@code ollama} provider type as registered: immutable, holding the configured instance with the models
 * known when it was made ({@link OllamaProvider} registers a new one when the server's list changes). Operator
 * instances ({@code type = ollama}) are created here too, with the models their configuration names.
 */
final class OllamaModels implements ModelProvider {

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING, Capability.EMBEDDINGS);

    private final UpstreamHttp http;
    private final List<InstanceConfig> configured;

    OllamaModels(UpstreamHttp http, List<InstanceConfig> configured) {
        this.http = http;
        this.configured = configured;
    }

    @Override
    public String type() {
        return OllamaProvider.TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<InstanceConfig> configuredInstances() {
        return configured;
    }

    @Override
    public ProviderInstance createInstance(InstanceConfig config) {
        InstanceConfig.requireType(config, OllamaProvider.TYPE);
        return new OllamaInstance(config, OllamaSettings.from(config), http.client());
    }
}
