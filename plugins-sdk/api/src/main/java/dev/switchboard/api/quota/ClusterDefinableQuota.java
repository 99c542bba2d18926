package dev.switchboard.api.quota;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link DefinableQuota} whose definitions may also come from the cluster: core keeps the definitions written
 * through the admin API in the store and the grid (the same on every node, kept across a restart of every node)
 * and hands this strategy the whole list each time it changes, on every node. The strategy enforces them beside
 * the ones of its own configuration ({@code etc/*.cfg}); a cluster definition replaces a configured one of the
 * same name. A strategy that is only a {@link DefinableQuota} keeps having its configuration written instead.
 * Since 1.2.
 */
@ConsumerType
public interface ClusterDefinableQuota extends DefinableQuota {

    /**
     * Every cluster definition of this strategy now (the texts {@link #validate} accepted on the node that wrote
     * them). Called on a grid thread, never on the request path; it should swap its rules at once and must not
     * block. A definition it cannot parse (written by a newer version) is skipped with a warning, the others apply.
     */
    void defineFromCluster(List<String> definitions);
}
