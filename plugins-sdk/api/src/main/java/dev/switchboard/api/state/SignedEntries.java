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
     * {@link EntryMap#get} waits for the grid, or {@link EntryMap#getAsync} leaves its stage open, before it reads
     * as absent (a request must not hang on a slow member); zero waits as long as the grid takes.
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
         * The same without waiting (since 1.3): the stage completes with the entry's bytes, or {@code null} when it
         * is absent, expired, forged, the grid failed or the map's read timeout passed first (never exceptionally).
         * A near-cached entry completes it at once, on the caller; otherwise it completes on the grid's callback
         * threads, as {@link SharedCounters#addAndGetAsync} says (also when the timeout passes: never on the JDK's
         * delay thread). For request paths that must not park a thread on the grid.
         */
        CompletionStage<byte[]> getAsync(String key);

        /**
         * Stores without waiting for the grid (the stage completes when the grid has it); {@code ttl} null
         * means the map's own. The stage completes on the grid's callback threads, as
         * {@link SharedCounters#addAndGetAsync} says.
         */
        CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl);

        /**
         * Tells {@code listener} of every entry stored into the map from now on, on any node, and of every entry
         * that leaves it (removed, expired or evicted); with {@code existing}, first of every live entry already
         * there (a scan: for a node that joins late). Only entries whose signature checks are passed on: a forged one
         * is counted in {@link #forged()} and dropped. Events arrive on the grid's event threads, in order per key;
         * keep the listener short. Closing the returned handle stops the events (since 1.3).
         */
        AutoCloseable listen(EntryListener listener, boolean existing);

        /** Removes every entry whose key passes {@code test} (a scan: for operators' actions); returns how many. */
        int removeKeys(Predicate<String> test);

        /** Entries in the whole cluster. */
        long size();

        /** Entries found but refused because their signature did not check, since this node opened the map. */
        long forged();
    }

    /** What {@link EntryMap#listen} passes on: only entries signed by this cluster. */
    @org.osgi.annotation.versioning.ConsumerType
    interface EntryListener {

        /** {@code key} now holds {@code value} (checked, unexpired), written on this node or another. */
        void stored(String key, byte[] value);

        /** {@code key} left the map (removed, expired or evicted). */
        void removed(String key);
    }
}
