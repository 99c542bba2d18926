package dev.switchboard.core.internal.auth;

import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Role;
import dev.switchboard.core.api.WarmUpCalls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one-time secret of the start-up warm-up ({@link WarmUpCalls}): 256 random bits made in memory, compared in
 * constant time, gone on {@link #close()}. Never in the key ring, the store or the grid, so no listing, rotation or
 * audit sees it. While closed (every request after the warm-up) {@link #authenticate} costs one volatile read.
 */
final class WarmUpKey implements WarmUpCalls {

    /** Names only: the ledger and metrics never see this caller, but a log line or an error might. */
    static final String KEY_ID = "switchboard-warm-up";
    static final Caller CALLER = new Caller(KEY_ID, "start-up warm-up", KEY_ID, Role.APP, null, null, null, List.of(),
            Set.of(), CacheMode.OFF, null, null, true);
    private static final Optional<Caller> AUTHENTICATED = Optional.of(CALLER);

    private static final String PREFIX = "sbw-";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** the open secret's bytes, null while closed */
    private volatile byte[] open;

    @Override
    public String open() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        open = secret.getBytes(StandardCharsets.US_ASCII);
        return secret;
    }

    @Override
    public void close() {
        open = null;
    }

    /** The warm-up caller for the open secret; empty for anything else, and for everything once closed. */
    Optional<Caller> authenticate(String presentedKey) {
        byte[] secret = open;
        if (secret == null || presentedKey == null || presentedKey.length() != secret.length) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(secret, presentedKey.getBytes(StandardCharsets.US_ASCII))
                ? AUTHENTICATED : Optional.empty();
    }

    /** Whether a warm-up is open right now. */
    boolean isOpen() {
        return open != null;
    }
}
