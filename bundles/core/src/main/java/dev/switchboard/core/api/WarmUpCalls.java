package dev.switchboard.core.api;

import java.net.URI;

/**
 * The credential of the gateway's start-up warm-up: requests through its own HTTP listener before it reports
 * ready, so the JIT has compiled the request path when clients arrive. {@link #open()} makes a fresh random
 * secret that {@link Authenticator} accepts, as a {@link Caller#warmUp() warm-up caller}, until {@link #close()}
 * (and never again: each open makes a new one). It is no key: not in the key ring, not listed, not booked in the
 * ledger, quotas, per-tenant metrics or events, and its requests reach only the mock provider's models (and, opened
 * with {@link #open(URI, String)}, the relay model). REST accepts it from a loopback peer only. Held in memory on
 * this node; never logged.
 */
public interface WarmUpCalls {

    /**
     * A warm-up as opened: its secret, and the model of its relay route when core made one (else null): a model
     * served by the {@code openai} provider through the gateway's own listener to the mock model, so the upstream
     * HTTP client and the openai mapping are warmed too. Its {@code toString} never shows the key.
     *
     * @since 1.10.0
     */
    record Opened(String key, String relayModel) {

        @Override
        public String toString() {
            return "Opened[relayModel=" + relayModel + "]";
        }
    }

    /** A fresh secret for {@code Authorization: Bearer}, valid until {@link #close()}; replaces any earlier one. */
    String open();

    /**
     * {@link #open()}, and a relay route for the warm-up's requests until {@link #close()}: an instance of the
     * {@code openai} provider, when one is bound, whose base is {@code listener} (the gateway's own, over loopback)
     * and whose upstream model is {@code mockModel}. In the warm-up's routes only: no client sees or reaches it.
     * Without a relay (no openai provider, or it refused) the answer's {@code relayModel} is null.
     *
     * @since 1.10.0
     */
    default Opened open(URI listener, String mockModel) {
        return new Opened(open(), null);
    }

    /** Revokes the secret (and removes the relay): from now on it authenticates nobody. Idempotent. */
    void close();
}
