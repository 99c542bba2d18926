package dev.switchboard.provider.anthropic.internal;

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
 * The {@code anthropic} provider type: the Anthropic Messages API. Its configuration describes the one
 * instance it offers, and only when an API key is set (in the configuration or in {@code ANTHROPIC_API_KEY});
 * instances an operator adds at run time take the same keys in their settings. Calls go through the shared
 * {@link UpstreamHttp} client, so this bundle owns no threads or connections.
 */
@Component(service = {}, immediate = true, configurationPid = AnthropicConfig.PID)
@Designate(ocd = AnthropicConfig.class)
public final class AnthropicProvider extends ProviderComponent {

    public static final String TYPE = "anthropic";
    static final String KEY_VARIABLE = "ANTHROPIC_API_KEY";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final UpstreamHttp http;

    @Activate
    public AnthropicProvider(@Reference UpstreamHttp http, AnthropicConfig config, Map<String, Object> properties) {
        this(http, config, System::getenv, properties);
    }

    AnthropicProvider(UpstreamHttp http, AnthropicConfig config, UnaryOperator<String> environment) {
        this(http, config, environment, Map.of());
    }

    AnthropicProvider(UpstreamHttp http, AnthropicConfig config, UnaryOperator<String> environment,
                   Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, properties));
        this.http = http;
    }

    /** @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly */
    static List<InstanceConfig> configuredInstances(AnthropicConfig config, UnaryOperator<String> environment) {
        return configuredInstances(config, environment, Map.of());
    }

    /** {@code properties}: the raw configuration, whose {@code field.*} keys are core's policy for the instance. */
    static List<InstanceConfig> configuredInstances(AnthropicConfig config, UnaryOperator<String> environment,
                                                    Map<String, Object> properties) {
        String key = ProviderKeys.resolve(config.api_key(), environment, KEY_VARIABLE);
        if (!config.enabled() || key == null) {
            return List.of();
        }
        InstanceConfig instance = new InstanceConfig(ProviderKeys.instanceId(config.instance_id(), TYPE), TYPE,
                config.base_url(), key,
                ModelSpecs.parse(config.models()), config.weight(), AnthropicSettings.toMap(config, properties));
        AnthropicSettings.from(instance);
        return List.of(instance);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        ProviderKeys.require(config, "API key");
        return new AnthropicInstance(config, AnthropicSettings.from(config), http.client());
    }
}
