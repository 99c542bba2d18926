package dev.switchboard.core.api;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** Health checks of provider instances on an operator's demand (shell: {@code switchboard:provider-test}). */
@ProviderType
public interface ProviderChecks {

    /** The ids of the instances that serve now, sorted. */
    List<String> instanceIds();

    /**
     * Checks one instance now and reports latency or the error; counts toward nothing (not the circuit, not the
     * scheduled checks). An instance whose provider offers no health check is tried with a one-token chat of its
     * first model only when {@code chat} allows it (that bills a token); otherwise the report says it cannot be
     * tested without billing. The stage fails with {@link IllegalArgumentException} for an unknown instance.
     */
    CompletionStage<ProviderCheckReport> test(String instanceId, boolean chat);
}
