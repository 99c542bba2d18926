package dev.switchboard.core.api;

import java.util.Optional;

/** Resolves a presented bearer key to its caller. Cheap: a hash and a local lookup. */
public interface Authenticator {

    Optional<Caller> authenticate(String presentedKey);
}
