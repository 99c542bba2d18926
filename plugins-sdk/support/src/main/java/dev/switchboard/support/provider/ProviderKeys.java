package dev.switchboard.support.provider;

import dev.switchboard.api.provider.InstanceConfig;
import java.util.function.UnaryOperator;

/**
 * How a provider bundle's own configuration finds its one instance's key and id, the same for every vendor: the
 * configured key wins, else the first of the vendor's environment variables that holds one (e.g.
 * {@code OPENAI_API_KEY}); the instance is named after the provider type unless configured otherwise.
 */
public final class ProviderKeys {

    private ProviderKeys() {
    }

    /** The configured key, else the first environment variable that holds one; trimmed, or null when none does. */
    public static String resolve(String configured, UnaryOperator<String> environment, String... variables) {
        String key = configured;
        for (int i = 0; (key == null || key.isBlank()) && i < variables.length; i++) {
            key = environment.apply(variables[i]);
        }
        return key == null || key.isBlank() ? null : key.trim();
    }

    /** The configured instance id (trimmed), else the provider's type. */
    public static String instanceId(String configured, String type) {
        return configured == null || configured.isBlank() ? type : configured.trim();
    }

    /**
     * Refuses an instance without a credential, naming the instance ({@code credential}: what the vendor calls it,
     * e.g. "API key").
     */
    public static void require(InstanceConfig config, String credential) {
        if (config.apiKey() == null || config.apiKey().isBlank()) {
            throw new IllegalArgumentException("instance " + config.id() + " has no " + credential);
        }
    }
}
