package dev.switchboard.api.provider;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A provider type (openai, anthropic, mock, ...), registered as an OSGi service with the property
 * {@value #TYPE_PROPERTY} and no other property: configuration (an API key above all) never becomes a service
 * property. Every provider bundle has the same shape, the support bundle's {@code ProviderComponent} (which
 * registers with {@code ProviderRegistration}), declared {@code @Component(service = {}, immediate = true,
 * configurationPid = ...)}.
 * Core creates the instances: the ones this bundle configures itself ({@link #configuredInstances()}, e.g. from
 * its ConfigAdmin configuration or an API key in the environment) and the ones an operator adds at run time.
 * Core calls these methods from its own threads (never on the request path but for {@code createInstance}
 * when configuration changes); they may be called concurrently.
 */
@ConsumerType
public interface ModelProvider {

    String TYPE_PROPERTY = "switchboard.provider.type";

    String type();

    /**
     * What the instances of this type can do. Core routes a streaming request only to instances of a type that
     * declares {@link Capability#CHAT_STREAMING}, and shows the capabilities in {@code switchboard:provider-list}.
     */
    Set<Capability> capabilities();

    /** Instances this bundle's own configuration asks for; empty when, say, no API key is set. */
    List<InstanceConfig> configuredInstances();

    /**
     * Creates a ready instance, or throws {@link IllegalArgumentException} naming what is wrong with the
     * configuration (never the API key itself). Must not block on the network: a bad key shows on the first call.
     */
    ProviderInstance createInstance(InstanceConfig config);
}
