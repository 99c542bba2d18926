package ${package}.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Provider type {@code ${providerType}}: the bundle's one entry point. Core binds it the moment the bundle
 * starts and drops it (closing its instances) the moment it stops. Configuration changes re-create the
 * component, so its instances are rebuilt from the new configuration.
 */
@Component(service = ModelProvider.class, configurationPid = "dev.switchboard.provider.${providerType}",
        property = ModelProvider.TYPE_PROPERTY + "=" + ${providerClass}Provider.TYPE)
@Designate(ocd = ${providerClass}Config.class)
public final class ${providerClass}Provider implements ModelProvider {

    static final String TYPE = "${providerType}";

    private final List<InstanceConfig> configured;

    @Activate
    public ${providerClass}Provider(${providerClass}Config config) {
        this.configured = config.enabled()
                ? List.of(new InstanceConfig(config.instance_id(), TYPE, null, null,
                        ModelSpecs.parse(config.models()), 1, Map.of()))
                : List.of();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CHAT, Capability.CHAT_STREAMING);
    }

    @Override
    public List<InstanceConfig> configuredInstances() {
        return configured;
    }

    /** Throw IllegalArgumentException naming what is wrong: switchboard:provider-list shows it as the reason. */
    @Override
    public ProviderInstance createInstance(InstanceConfig config) {
        return new ${providerClass}Instance(InstanceConfig.requireType(config, TYPE));
    }
}
