package dev.switchboard.provider.gemini.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ProviderComponent;
import dev.switchboard.support.provider.ProviderKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code gemini} provider type: Google's Gemini API ({@code generateContent} and
 * {@code streamGenerateContent?alt=sse}), translated to and from the OpenAI shape the gateway speaks. Its
 * configuration describes the one instance it offers, and only when an API key is set (in the configuration, or in
 * {@code GEMINI_API_KEY}, else {@code GOOGLE_API_KEY}); instances an operator adds at run time take the same keys
 * in their settings. Calls go through the shared {@link UpstreamHttp} client, so this bundle owns no threads or
 * connections.
 */
@Component(service = {}, immediate = true, configurationPid = GeminiConfig.PID)
@Designate(ocd = GeminiConfig.class)
public final class GeminiProvider extends ProviderComponent {

    public static final String TYPE = "gemini";
    static final List<String> KEY_VARIABLES = List.of("GEMINI_API_KEY", "GOOGLE_API_KEY");

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING,
            Capability.EMBEDDINGS);

    private final UpstreamHttp http;

    @Activate
    public GeminiProvider(@Reference UpstreamHttp http, GeminiConfig config, Map<String, Object> properties) {
        this(http, config, System::getenv, properties);
    }

    GeminiProvider(UpstreamHttp http, GeminiConfig config, UnaryOperator<String> environment,
                   Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, properties));
        this.http = http;
    }

    /**
     * The instance the bundle's configuration asks for, or none without a key.
     *
     * @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly
     */
    static List<InstanceConfig> configuredInstances(GeminiConfig config, UnaryOperator<String> environment,
                                                    Map<String, Object> properties) {
        String key = ProviderKeys.resolve(config.api_key(), environment, KEY_VARIABLES.toArray(String[]::new));
        if (!config.enabled() || key == null) {
            return List.of();
        }
        InstanceConfig instance = new InstanceConfig(ProviderKeys.instanceId(config.instance_id(), TYPE), TYPE,
                config.base_url(), key,
                ModelSpecs.parse(config.models()), config.weight(), GeminiSettings.toMap(config, properties));
        GeminiSettings.from(instance);
        return List.of(instance);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        ProviderKeys.require(config, "API key");
        return new GeminiInstance(config, GeminiSettings.from(config), http.client());
    }
}
