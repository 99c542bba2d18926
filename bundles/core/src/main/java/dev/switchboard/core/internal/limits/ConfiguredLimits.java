package dev.switchboard.core.internal.limits;

import dev.switchboard.api.quota.ClusterDefinableQuota;
import dev.switchboard.api.quota.DefinableQuota;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.api.state.SharedBudgets;
import dev.switchboard.core.api.LimitDefinitions;
import dev.switchboard.core.internal.auth.SignedRecords;
import dev.switchboard.grid.GridMember;
import dev.switchboard.store.LimitStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LimitDefinitions} of the cluster and of this node's configuration. A strategy that takes definitions from
 * the cluster ({@link ClusterDefinableQuota}: rate-limit, budget) gets the ones written through the admin API,
 * validated by it, then kept in the store and shared through the grid ({@link GridLimits}): the same on every node
 * within a second and kept across a restart of every node; its own {@code etc/*.cfg} entries are the operator's
 * files, enforced beside them, and a cluster definition replaces a file one of the same name (removing the cluster
 * one brings the file's back). A file entry is not changed through the API (409: the file is the node's, the API
 * the cluster's). A strategy that is only a {@link DefinableQuota} keeps the old way: its configuration is written
 * through ConfigAdmin (this node only). The component also runs the budgets' spent snapshots
 * ({@link BudgetSnapshots}), every {@value #SNAPSHOT_MILLIS} ms and once when it stops.
 */
@Component(service = LimitDefinitions.class)
public final class ConfiguredLimits implements LimitDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredLimits.class);
    static final long SNAPSHOT_MILLIS = 5_000;

    private final Map<String, DefinableQuota> strategies = new ConcurrentHashMap<>();
    private final LimitBook book = new LimitBook(this::push);
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-limit-store");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService snapshotter = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-budget-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    @Reference
    private ConfigurationAdmin configurations;

    @Reference
    private GridMember grid;

    private volatile LimitStore limitStore;
    private volatile SharedBudgets budgets;
    private volatile GridLimits gridLimits;
    private volatile BudgetSnapshots snapshots;

    public ConfiguredLimits() {
    }

    ConfiguredLimits(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    ConfiguredLimits(ConfigurationAdmin configurations, GridMember grid) {
        this.configurations = configurations;
        this.grid = grid;
    }

    @Activate
    void activate() {
        if (grid == null) {
            return;
        }
        try {
            gridLimits = new GridLimits(grid.hazelcast(), new SignedRecords(grid.clusterSecret(), GridLimits.PURPOSE),
                    book, () -> limitStore, storeWriter, System::currentTimeMillis);
        } catch (RuntimeException e) {
            LOG.warn("Limits defined through the admin API will not be shared through the grid: {}", e.toString());
        }
        try {
            snapshots = new BudgetSnapshots(grid.hazelcast(), () -> budgets, () -> limitStore,
                    System::currentTimeMillis);
            snapshotter.scheduleWithFixedDelay(snapshots::tick, 0, SNAPSHOT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("Budgets' spent amounts will not be kept in the store: {}", e.toString());
        }
    }

    @Deactivate
    void deactivate() {
        snapshotter.shutdownNow();
        lastSnapshot(); // what was spent since the last snapshot
        GridLimits shared = gridLimits;
        if (shared != null) {
            shared.close();
        }
        storeWriter.shutdown();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindQuota(QuotaStrategy quota) {
        if (quota instanceof DefinableQuota definable) {
            strategies.put(quota.name(), definable);
            push(quota.name());
        }
    }

    void unbindQuota(QuotaStrategy quota) {
        strategies.remove(quota.name(), quota);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLimitStore(LimitStore store) {
        limitStore = store;
        GridLimits shared = gridLimits;
        if (shared != null) {
            storeWriter.execute(() -> shared.storeBound(store));
        }
    }

    void unbindLimitStore(LimitStore store) {
        if (limitStore == store) {
            lastSnapshot();
            limitStore = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindBudgets(SharedBudgets shared) {
        budgets = shared;
    }

    void unbindBudgets(SharedBudgets shared) {
        if (budgets == shared) {
            lastSnapshot();
            budgets = null;
        }
    }

    /** The store or the grid's budgets leave (the node stops, in whatever order): snapshot while both are here. */
    private void lastSnapshot() {
        BudgetSnapshots last = snapshots;
        if (last != null) {
            last.tick();
        }
    }

    /** Hands the strategy the cluster's definitions as the book holds them now (the latest call wins). */
    private void push(String strategy) {
        synchronized (book) {
            if (strategies.get(strategy) instanceof ClusterDefinableQuota quota) {
                try {
                    quota.defineFromCluster(book.texts(strategy));
                } catch (RuntimeException e) {
                    LOG.warn("Strategy '{}' refused the cluster's definitions: {}", strategy, e.toString());
                }
            }
        }
    }

    /** Whether the strategy's definitions are the cluster's (else its configuration's, on this node). */
    private boolean shared(DefinableQuota quota) {
        return quota instanceof ClusterDefinableQuota && gridLimits != null;
    }

    @Override
    public List<Definition> definitions(String strategy) {
        List<Definition> all = new ArrayList<>();
        for (Map.Entry<String, DefinableQuota> entry : strategies.entrySet()) {
            if (strategy == null || strategy.equals(entry.getKey())) {
                Map<String, String> cluster = shared(entry.getValue()) ? book.of(entry.getKey()) : Map.of();
                cluster.forEach((name, text) -> all.add(new Definition(entry.getKey(), name, text, Definition.CLUSTER)));
                for (String text : entries(entry.getValue())) {
                    String name = name(entry.getValue(), text);
                    all.add(new Definition(entry.getKey(), name, text,
                            cluster.containsKey(name) ? Definition.FILE_OVERRIDDEN : Definition.FILE));
                }
            }
        }
        return all;
    }

    @Override
    public synchronized Definition define(String strategy, String text) {
        DefinableQuota quota = strategy(strategy);
        String trimmed = text == null ? "" : text.trim();
        String name = quota.validate(trimmed);
        GridLimits shared = gridLimits;
        if (quota instanceof ClusterDefinableQuota && shared != null) {
            shared.set(strategy, name, trimmed);
            LOG.info("Limit '{}' of strategy '{}' defined for the cluster: {}", name, strategy, trimmed);
            return new Definition(strategy, name, trimmed, Definition.CLUSTER);
        }
        List<String> next = new ArrayList<>();
        for (String existing : entries(quota)) {
            if (!name.equals(name(quota, existing))) {
                next.add(existing);
            }
        }
        next.add(trimmed);
        write(quota, next);
        LOG.info("Limit '{}' of strategy '{}' defined: {}", name, strategy, trimmed);
        return new Definition(strategy, name, trimmed, Definition.FILE);
    }

    @Override
    public synchronized boolean remove(String strategy, String name) {
        DefinableQuota quota = strategy(strategy);
        GridLimits shared = gridLimits;
        if (quota instanceof ClusterDefinableQuota && shared != null) {
            if (book.of(strategy).containsKey(name)) {
                shared.remove(strategy, name);
                LOG.info("Limit '{}' of strategy '{}' removed from the cluster", name, strategy);
                return true;
            }
            for (String existing : entries(quota)) {
                if (name.equals(name(quota, existing))) {
                    throw new IllegalStateException("limit '" + name + "' is defined in this node's configuration ("
                            + quota.definitionsPid() + ".cfg); remove it there");
                }
            }
            return false;
        }
        List<String> next = new ArrayList<>();
        boolean found = false;
        for (String existing : entries(quota)) {
            if (name.equals(name(quota, existing))) {
                found = true;
            } else {
                next.add(existing);
            }
        }
        if (found) {
            write(quota, next);
            LOG.info("Limit '{}' of strategy '{}' removed", name, strategy);
        }
        return found;
    }

    private DefinableQuota strategy(String strategy) {
        DefinableQuota quota = strategy == null ? null : strategies.get(strategy);
        if (quota == null) {
            throw new NoSuchElementException("No quota strategy '" + strategy + "' with definitions is installed.");
        }
        return quota;
    }

    /** A definition's name, or its text when it no longer validates (an entry written in the file by hand). */
    private static String name(DefinableQuota quota, String text) {
        try {
            return quota.validate(text);
        } catch (RuntimeException e) {
            return text;
        }
    }

    private List<String> entries(DefinableQuota quota) {
        Object value;
        try {
            Configuration configuration = configurations.getConfiguration(quota.definitionsPid(), "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            value = properties == null ? null : properties.get(quota.definitionsProperty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> entries = new ArrayList<>();
        if (value instanceof String[] array) {
            for (String item : array) {
                splitInto(item, entries);
            }
        } else if (value instanceof java.util.Collection<?> collection) {
            for (Object item : collection) {
                splitInto(String.valueOf(item), entries);
            }
        } else if (value != null) {
            splitInto(value.toString(), entries);
        }
        return entries;
    }

    private static void splitInto(String text, List<String> entries) {
        if (text == null) {
            return;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                entries.add(part.trim());
            }
        }
    }

    private void write(DefinableQuota quota, List<String> entries) {
        try {
            Configuration configuration = configurations.getConfiguration(quota.definitionsPid(), "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            Dictionary<String, Object> next = new Hashtable<>();
            if (properties != null) {
                for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
                    String key = keys.nextElement();
                    next.put(key, properties.get(key));
                }
            }
            next.put(quota.definitionsProperty(), String.join(", ", entries));
            configuration.update(next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
