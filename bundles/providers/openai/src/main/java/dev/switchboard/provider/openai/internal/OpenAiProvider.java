package dev.switchboard.provider.openai.internal;

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
 * The {@code openai} provider type: the OpenAI Chat Completions API. Its configuration describes the one
 * instance it offers, and only when an API key is set (in the configuration or in {@code OPENAI_API_KEY});
 * instances an operator adds at run time take the same keys in their settings. Calls go through the shared
 * {@link UpstreamHttp} client, so this bundle owns no threads or connections.
 */
@Component(service = {}, immediate = true, configurationPid = OpenAiConfig.PID)
@Designate(ocd = OpenAiConfig.class)
public final class OpenAiProvider extends ProviderComponent {

    public static final String TYPE = "openai";
    static final String KEY_VARIABLE = "OPENAI_API_KEY";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final UpstreamHttp http;

    @Activate
    public OpenAiProvider(@Reference UpstreamHttp http, OpenAiConfig config, Map<String, Object> properties) {
        this(http, config, System::getenv, properties);
    }

    OpenAiProvider(UpstreamHttp http, OpenAiConfig config, UnaryOperator<String> environment) {
        this(http, config, environment, Map.of());
    }

    OpenAiProvider(UpstreamHttp http, OpenAiConfig config, UnaryOperator<String> environment,
                   Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, properties));
        this.http = http;
    }

    /** @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly */
    static List<InstanceConfig> configuredInstances(OpenAiConfig config, UnaryOperator<String> environment) {
        return configuredInstances(config, environment, Map.of());
    }

    /** {@code properties}: the raw configuration, whose {@code field.*} keys are core's policy for the instance. */
    static List<InstanceConfig> configuredInstances(OpenAiConfig config, UnaryOperator<String> environment,
                                                    Map<String, Object> properties) {
        String key = ProviderKeys.resolve(config.api_key(), environment, KEY_VARIABLE);
        if (!config.enabled() || key == null) {
            return List.of();
        }
        InstanceConfig instance = new InstanceConfig(ProviderKeys.instanceId(config.instance_id(), TYPE), TYPE,
                config.base_url(), key,
                ModelSpecs.parse(config.models()), config.weight(), OpenAiSettings.toMap(config, properties));
        OpenAiSettings.from(instance);
        return List.of(instance);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        ProviderKeys.require(config, "API key");
        return new OpenAiInstance(config, OpenAiSettings.from(config), http.client());
    }
}
