package dev.switchboard.core.api;

/**
 * The credential of the gateway's start-up warm-up: requests through its own HTTP listener before it reports
 * ready, so the JIT has compiled the request path when clients arrive. {@link #open()} makes a fresh random
 * secret that {@link Authenticator} accepts, as a {@link Caller#warmUp() warm-up caller}, until {@link #close()}
 * (and never again: each open makes a new one). It is no key: not in the key ring, not listed, not booked in the
 * ledger, quotas, per-tenant metrics or events, and its requests reach only the mock provider's models. REST
 * accepts it from a loopback peer only. Held in memory on this node; never logged.
 */
public interface WarmUpCalls {

    /** A fresh secret for {@code Authorization: Bearer}, valid until {@link #close()}; replaces any earlier one. */
    String open();

    /** Revokes the secret: from now on it authenticates nobody. Idempotent. */
    void close();
}
