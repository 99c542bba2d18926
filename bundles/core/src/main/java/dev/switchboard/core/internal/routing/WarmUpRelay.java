package dev.switchboard.core.internal.routing;

import java.net.URI;
import java.util.Optional;

/**
 * Where the start-up warm-up's credential ({@code auth/WarmUpKey}) asks the gateway for its relay route while a
 * warm-up is open (a service private to core): see {@link WarmUpRelayRoute}.
 */
public interface WarmUpRelay {

    /**
     * Opens the relay through the gateway's listener at {@code listener} (its root, over loopback), authenticated
     * with the warm-up {@code secret}, to {@code upstreamModel} (a mock model); the model to name for it, or empty
     * when there is no relay (no {@code openai} provider, or it refused).
     */
    Optional<String> openRelay(URI listener, String secret, String upstreamModel);

    /** Removes the relay route and closes its instance. Idempotent. */
    void closeRelay();
}
