package dev.switchboard.grid.internal;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.NearCacheConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.api.state.SignedEntries;
import dev.switchboard.grid.ClusterSecret;
import dev.switchboard.grid.GridMember;
import dev.switchboard.support.deadline.DeadlineSweep;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SignedEntries} as grid maps of {@code byte[]} (Hazelcast's own serializer, never Java's), each
 * configured here with its bounds and a near cache, so plugins never touch Hazelcast. Every entry is
 * signed with a sub-key of the cluster secret ({@link SignedEntryCodec}). The read timeout of
 * {@link EntryMap#getAsync} is one sweep thread for every map ({@link ReadDeadlines}), asleep while no read is
 * pending; what expires goes on on the grid's callback threads.
 */
@Component(service = SignedEntries.class)
public final class GridEntries implements SignedEntries {

    private static final Logger LOG = LoggerFactory.getLogger(GridEntries.class);
    /** Prefix of every map this service opens, so they can never be confused with core's own maps. */
    static final String MAP_PREFIX = "switchboard.entries.";
    static final String MAC_PURPOSE = "switchboard.signed-entries.v1";
    /** How often expired reads are completed while reads are pending: a read timeout is kept to within this much. */
    static final long SWEEP_MILLIS = 5;

    private final HazelcastInstance hazelcast;
    private final ClusterSecret secret;
    private final LongSupplier clockMillis;
    private final Executor callbacks;
    private final ReadDeadlines readDeadlines;
    private final DeadlineSweep readSweep;
    /** Sweeps {@link #readDeadlines} while reads are pending; a daemon, ended on deactivate. */
    private final ScheduledExecutorService sweeper;

    @Activate
    public GridEntries(@Reference(name = "member") GridMember member) {
        this(member.hazelcast(), member.clusterSecret(), System::currentTimeMillis, member.callbackExecutor());
    }

    GridEntries(HazelcastInstance hazelcast, ClusterSecret secret, LongSupplier clockMillis, Executor callbacks) {
        this.callbacks = callbacks;
        this.hazelcast = hazelcast;
        this.secret = secret;
        this.clockMillis = clockMillis;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "switchboard-grid-read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        this.readSweep = new DeadlineSweep(DeadlineSweep.Scheduler.on(sweeper),
                TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS), callbacks, System::nanoTime);
        this.readDeadlines = new ReadDeadlines(readSweep);
    }

    /** Stops the sweep; reads still pending complete at once as absent. */
    @Deactivate
    void deactivate() {
        readSweep.close();
        sweeper.shutdownNow();
    }

    @Override
    public EntryMap open(String name, EntryMapSpec spec) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
            throw new IllegalArgumentException("map name must be lower-case letters, digits, '.' or '-': " + name);
        }
        String mapName = MAP_PREFIX + name;
        try {
            hazelcast.getConfig().addMapConfig(mapConfig(mapName, spec));
        } catch (InvalidConfigurationException e) {
            // another node (or an earlier version of this bundle) configured it first: the cluster keeps one
            LOG.info("Grid map '{}' keeps its first configuration: {}", mapName, e.getMessage());
        }
        return new GridEntryMap(hazelcast.getMap(mapName),
                new SignedEntryCodec(secret.newMac(MAC_PURPOSE), mapName, clockMillis), spec.ttl(), spec.readTimeout(),
                clockMillis, callbacks, readDeadlines);
    }

    static MapConfig mapConfig(String mapName, EntryMapSpec spec) {
        int ttlSeconds = (int) Math.min(Integer.MAX_VALUE, GridCounters.ttlSeconds(spec.ttl()));
        MapConfig config = new MapConfig(mapName).setTimeToLiveSeconds(ttlSeconds).setBackupCount(1)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(spec.maxEntriesPerNode()));
        if (spec.nearCache()) {
            // each node keeps what it read last, so a repeated hit is a local read; writes elsewhere invalidate it
            config.setNearCacheConfig(new NearCacheConfig(mapName).setInMemoryFormat(InMemoryFormat.BINARY)
                    .setInvalidateOnChange(true).setTimeToLiveSeconds(ttlSeconds)
                    .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                            .setMaxSizePolicy(MaxSizePolicy.ENTRY_COUNT)
                            .setSize(Math.max(1, spec.maxEntriesPerNode() / 4))));
        }
        return config;
    }
}
