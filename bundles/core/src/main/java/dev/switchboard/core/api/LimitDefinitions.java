package dev.switchboard.core.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The limit definitions of every quota strategy that keeps them in its configuration ({@code DefinableQuota}),
 * read and changed at run time (the admin API). A change is checked by the strategy first (an
 * {@link IllegalArgumentException} saying what is wrong), then written to the strategy's configuration through
 * ConfigAdmin, which Karaf keeps in the strategy's {@code etc/*.cfg}: the strategy is reconfigured at once. It is
 * this node's configuration: other nodes read their own files (see docs/architecture.md). Since 1.6.
 */
@ProviderType
public interface LimitDefinitions {

    /** One definition: the strategy that enforces it, the limit's name and its text as configured. */
    record Definition(String strategy, String name, String text) {
    }

    /** The definitions of {@code strategy} (null: of every strategy that has them). */
    List<Definition> definitions(String strategy);

    /**
     * Adds the definition, or replaces the one of the same name. {@link IllegalArgumentException}: the
     * definition is invalid (message for the operator); {@link java.util.NoSuchElementException}: no such strategy.
     */
    Definition define(String strategy, String text);

    /** Removes the named definition; false when there is none. NoSuchElementException: no such strategy. */
    boolean remove(String strategy, String name);
}
