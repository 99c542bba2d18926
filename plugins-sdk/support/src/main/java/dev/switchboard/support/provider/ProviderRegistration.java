package dev.switchboard.support.provider;

import dev.switchboard.api.provider.ModelProvider;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The one way a provider bundle publishes its {@link ModelProvider}: with the type property and nothing else.
 * Declarative Services would publish every configuration property of the component as a service property,
 * an API key included, for any bundle or {@code service:list} to read; so a provider component declares
 * {@code @Component(service = {}, immediate = true, configurationPid = ...)} and registers itself:
 *
 * <pre>{@code
 * private ProviderRegistration registration;
 *
 * @Activate
 * void register(BundleContext context) {
 *     registration = ProviderRegistration.register(context, this);
 * }
 *
 * @Deactivate
 * void unregister() {
 *     registration.close();   // first: core stops routing to this provider before it releases anything
 * }
 * }</pre>
 */
public final class ProviderRegistration implements AutoCloseable {

    private volatile ServiceRegistration<ModelProvider> registration;

    private ProviderRegistration(ServiceRegistration<ModelProvider> registration) {
        this.registration = registration;
    }

    /** Registers {@code provider} as a {@link ModelProvider} service with only {@value ModelProvider#TYPE_PROPERTY}. */
    public static ProviderRegistration register(BundleContext context, ModelProvider provider) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(ModelProvider.TYPE_PROPERTY, provider.type());
        return new ProviderRegistration(context.registerService(ModelProvider.class, provider, properties));
    }

    /** Unregisters the service; idempotent, and quiet when the bundle is already stopping. */
    @Override
    public void close() {
        ServiceRegistration<ModelProvider> current = registration;
        registration = null;
        if (current != null) {
            try {
                current.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it with the bundle
            }
        }
    }
}
