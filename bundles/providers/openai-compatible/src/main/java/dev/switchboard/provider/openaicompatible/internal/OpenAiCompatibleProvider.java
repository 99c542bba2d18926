package dev.switchboard.provider.openaicompatible.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ProviderComponent;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code openai-compatible} provider type: any server that speaks OpenAI's Chat Completions API (LM Studio,
 * vLLM, Groq, Mistral, DeepSeek, Together, OpenRouter, ...). Vendors are configuration, not code: each is an
 * operator instance {@code etc/dev.switchboard.instance-<name>.cfg} with {@code type = openai-compatible}, so
 * core's instance machinery (any number of them, models with prices, weight, the {@code field.*} policy) is
 * reused as it is and this bundle has no configuration of its own. The wire format is support's
 * ({@code dev.switchboard.support.openai}), shared with the {@code openai} and {@code azure-openai} bundles.
 */
@Component(service = {}, immediate = true)
public final class OpenAiCompatibleProvider extends ProviderComponent {

    public static final String TYPE = "openai-compatible";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final UpstreamHttp http;
    private final UnaryOperator<String> environment;

    @Activate
    public OpenAiCompatibleProvider(@Reference UpstreamHttp http) {
        this(http, System::getenv);
    }

    OpenAiCompatibleProvider(UpstreamHttp http, UnaryOperator<String> environment) {
        super(TYPE, CAPABILITIES, List.of());
        this.http = http;
        this.environment = environment;
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        OpenAiCompatibleSettings settings = OpenAiCompatibleSettings.from(config, environment);
        return OpenAiCompatibleInstance.of(config, settings, http.client());
    }
}
