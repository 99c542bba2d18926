package dev.switchboard.core.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The limit definitions of every quota strategy that has them ({@code DefinableQuota}), read and changed at run time
 * (the admin API). A change is checked by the strategy first (an {@link IllegalArgumentException} saying what is
 * wrong). For a strategy that takes definitions from the cluster ({@code ClusterDefinableQuota}) it is then written
 * to the store and the grid, and every node enforces it within a second (since 1.7); its {@code etc/*.cfg} entries
 * are listed as the node's files and are changed there ({@link IllegalStateException} on a removal). For another
 * strategy it is written to its configuration through ConfigAdmin, on this node only. Since 1.6.
 */
@ProviderType
public interface LimitDefinitions {

    /**
     * One definition: the strategy that enforces it, the limit's name, its text, and where it comes from:
     * {@value #CLUSTER} (the admin API: stored, the same on every node), {@value #FILE} (this node's configuration)
     * or {@value #FILE_OVERRIDDEN} (this node's configuration, replaced by a cluster definition of the same name).
     */
    record Definition(String strategy, String name, String text, String source) {

        public static final String CLUSTER = "cluster";
        public static final String FILE = "file";
        public static final String FILE_OVERRIDDEN = "file-overridden";

        /** A definition of this node's configuration (1.6). */
        public Definition(String strategy, String name, String text) {
            this(strategy, name, text, FILE);
        }
    }

    /** The definitions of {@code strategy} (null: of every strategy that has them). */
    List<Definition> definitions(String strategy);

    /**
     * Adds the definition, or replaces the one of the same name. {@link IllegalArgumentException}: the
     * definition is invalid (message for the operator); {@link java.util.NoSuchElementException}: no such strategy.
     */
    Definition define(String strategy, String text);

    /**
     * Removes the named definition; false when there is none. NoSuchElementException: no such strategy;
     * IllegalStateException: the definition is in this node's configuration file, not the cluster's.
     */
    boolean remove(String strategy, String name);
}
