package dev.switchboard.core.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The circuit breakers of this node, per provider instance, for operators (shell, REST). */
@ProviderType
public interface Circuits {

    /** Every instance this node has a breaker for, by instance id. */
    List<CircuitReport> circuits();

    /** Closes the instance's circuit on every node; false when this node knows no such instance. */
    boolean resetCircuit(String instanceId);
}
