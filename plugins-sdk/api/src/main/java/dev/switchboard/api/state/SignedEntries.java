package dev.switchboard.api.state;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Byte entries every node of the cluster shares (backed by the grid), for plugins that keep data of
 * their own there, such as a cluster-wide response cache. Plugins never touch the grid directly: the
 * grid cannot load their classes, and anything that reaches its port as a member can write to it. So
 * an entry holds only bytes, and the service signs each one with the cluster's secret on the way in and
 * checks it on the way out; an entry that was not written through this service (forged, or of another
 * map) reads as absent. Plugins never see the secret.
 */
@ProviderType
public interface SignedEntries {

    /**
     * The map named {@code name} with these bounds, configured on first open on every node. A map is
     * configured once per cluster: a later open with other bounds gets the map as first configured.
     */
    EntryMap open(String name, EntryMapSpec spec);

    /**
     * What a map is bounded by; {@code ttl} zero means no time limit. {@code readTimeout}: how long a
     * {@link EntryMap#get} waits for the grid before it reads as absent (a request thread must not hang on a
     * slow member); zero waits as long as the grid takes.
     */
    record EntryMapSpec(Duration ttl, int maxEntriesPerNode, boolean nearCache, Duration readTimeout) {

        public EntryMapSpec(Duration ttl, int maxEntriesPerNode, boolean nearCache) {
            this(ttl, maxEntriesPerNode, nearCache, Duration.ZERO);
        }

        public EntryMapSpec {
            if (readTimeout == null || readTimeout.isNegative()) {
                throw new IllegalArgumentException("readTimeout must be zero or positive");
            }
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("ttl must be zero or positive");
            }
            if (maxEntriesPerNode < 1) {
                throw new IllegalArgumentException("maxEntriesPerNode must be at least 1");
            }
        }
    }

    /** One shared map of signed byte entries. Implementations never throw on get: a failure is absent. */
    @ProviderType
    interface EntryMap {

        /**
         * The entry's bytes if present, unexpired and signed by this cluster, read within the map's read
         * timeout; {@code null} otherwise.
         */
        byte[] get(String key);

        /**
         * Stores without waiting for the grid (the stage completes when the grid has it); {@code ttl} null
         * means the map's own. The stage completes on the grid's callback threads, as
         * {@link SharedCounters#addAndGetAsync} says.
         */
        CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl);

        /** Removes every entry whose key passes {@code test} (a scan: for operators' actions); returns how many. */
        int removeKeys(Predicate<String> test);

        /** Entries in the whole cluster. */
        long size();

        /** Entries found but refused because their signature did not check, since this node opened the map. */
        long forged();
    }
}
