package dev.switchboard.api.provider;

import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A provider type (openai, anthropic, mock, ...), registered as an OSGi service with the property
 * {@value #TYPE_PROPERTY}. Core creates the instances: the ones this bundle configures itself
 * ({@link #configuredInstances()}, e.g. from its ConfigAdmin configuration or an API key in the
 * environment) and the ones an operator adds at run time.
 */
@ConsumerType
public interface ModelProvider {

    String TYPE_PROPERTY = "switchboard.provider.type";

    String type();

    Set<Capability> capabilities();

    /** Instances this bundle's own configuration asks for; empty when, say, no API key is set. */
    List<InstanceConfig> configuredInstances();

    /**
     * Creates a ready instance, or throws {@link IllegalArgumentException} naming what is wrong with
     * the configuration.
     */
    ProviderInstance createInstance(InstanceConfig config);
}
