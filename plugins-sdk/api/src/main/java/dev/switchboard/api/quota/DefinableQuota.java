package dev.switchboard.api.quota;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A quota strategy whose limits are definitions in its configuration (one text entry per limit, as in its
 * {@code .cfg} file), so operators can add, change and remove them at run time ({@code /admin/limits},
 * {@code /admin/budgets}): core checks a definition with {@link #validate} before it writes the strategy's
 * configuration, and the strategy is reconfigured from it as from its file. Optional, beside {@link QuotaStrategy}.
 */
@ConsumerType
public interface DefinableQuota {

    /** The configuration PID the definitions live in (e.g. {@code dev.switchboard.quota.budget}). */
    String definitionsPid();

    /** The property of that configuration that lists them (e.g. {@code budgets}). */
    String definitionsProperty();

    /**
     * The limit's name if the definition is valid, in the form the configuration keeps it; throws
     * {@link IllegalArgumentException} saying what is wrong otherwise (shown to the operator).
     */
    String validate(String definition);
}
