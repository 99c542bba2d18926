package dev.switchboard.support.provider;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import java.util.List;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The shape every provider bundle's component shares: a type, its capabilities, the instances its own
 * configuration describes, and its {@link ModelProvider} service published by {@link ProviderRegistration}
 * (the type property only, so no configuration property, an API key included, becomes a service property).
 * A provider declares
 *
 * <pre>{@code
 * @Component(service = {}, immediate = true, configurationPid = ...)
 * public final class AcmeProvider extends ProviderComponent {
 *     @Activate
 *     public AcmeProvider(@Reference UpstreamHttp http, AcmeConfig config, Map<String, Object> properties) { ... }
 *
 *     @Override
 *     protected ProviderInstance newInstance(InstanceConfig config) { ... }
 * }
 * }</pre>
 *
 * and builds with bnd's {@code -dsannotations-options: inherit}, which makes {@link #publish} and {@link #withdraw}
 * the component's activate and deactivate methods.
 */
public abstract class ProviderComponent implements ModelProvider {

    private final String type;
    private final Set<Capability> capabilities;
    private final List<InstanceConfig> configured;
    private ProviderRegistration registration;

    /**
     * @param configured the instances the bundle's own configuration describes (none when it is switched off or
     *                   lacks a credential); instances an operator adds at run time come to {@link #newInstance} too
     */
    protected ProviderComponent(String type, Set<Capability> capabilities, List<InstanceConfig> configured) {
        this.type = type;
        this.capabilities = Set.copyOf(capabilities);
        this.configured = List.copyOf(configured);
    }

    /** Publishes the provider once the component is built, so core can route to it. */
    @Activate
    public void publish(BundleContext context) {
        registration = ProviderRegistration.register(context, this);
    }

    /**
     * Withdraws the provider: core stops routing to it first, so an override releases what its instances share
     * only after calling this.
     */
    @Deactivate
    public void withdraw() {
        if (registration != null) {
            registration.close();
        }
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final List<InstanceConfig> configuredInstances() {
        return configured;
    }

    /** Refuses an instance of another type, then lets {@link #newInstance} build it. */
    @Override
    public final ProviderInstance createInstance(InstanceConfig config) {
        return newInstance(InstanceConfig.requireType(config, type));
    }

    /**
     * The instance {@code config} describes, its type already checked.
     *
     * @throws IllegalArgumentException naming what is wrong (shown as the reason in {@code switchboard:provider-list})
     */
    protected abstract ProviderInstance newInstance(InstanceConfig config);
}
