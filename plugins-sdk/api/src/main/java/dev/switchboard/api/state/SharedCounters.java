package dev.switchboard.api.state;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Counters every node of the cluster shares (backed by the grid). A counter that is not touched for
 * {@code expireAfter} disappears, which is what windowed limits want.
 */
@ProviderType
public interface SharedCounters {

    /** Adds {@code delta} and returns the new cluster-wide value. */
    long addAndGet(String counter, long delta, Duration expireAfter);

    /** The current cluster-wide value, 0 when the counter does not exist. */
    long get(String counter);
}
