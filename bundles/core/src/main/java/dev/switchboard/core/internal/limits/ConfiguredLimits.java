package dev.switchboard.core.internal.limits;

import dev.switchboard.api.quota.DefinableQuota;
import dev.switchboard.api.quota.QuotaStrategy;
import dev.switchboard.core.api.LimitDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LimitDefinitions} over ConfigAdmin: the definitions of a {@link DefinableQuota} are the entries of one
 * property of its configuration; a change is validated by the strategy, then written back as one comma-separated
 * string (how a {@code .cfg} file lists them), so the strategy is reconfigured by DS as from its file.
 */
@Component(service = LimitDefinitions.class)
public final class ConfiguredLimits implements LimitDefinitions {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredLimits.class);

    private final Map<String, DefinableQuota> strategies = new ConcurrentHashMap<>();

    @Reference
    private ConfigurationAdmin configurations;

    public ConfiguredLimits() {
    }

    ConfiguredLimits(ConfigurationAdmin configurations) {
        this.configurations = configurations;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindQuota(QuotaStrategy quota) {
        if (quota instanceof DefinableQuota definable) {
            strategies.put(quota.name(), definable);
        }
    }

    void unbindQuota(QuotaStrategy quota) {
        strategies.remove(quota.name(), quota);
    }

    @Override
    public List<Definition> definitions(String strategy) {
        List<Definition> all = new ArrayList<>();
        for (Map.Entry<String, DefinableQuota> entry : strategies.entrySet()) {
            if (strategy == null || strategy.equals(entry.getKey())) {
                for (String text : entries(entry.getValue())) {
                    all.add(new Definition(entry.getKey(), name(entry.getValue(), text), text));
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
        List<String> next = new ArrayList<>();
        for (String existing : entries(quota)) {
            if (!name.equals(name(quota, existing))) {
                next.add(existing);
            }
        }
        next.add(trimmed);
        write(quota, next);
        LOG.info("Limit '{}' of strategy '{}' defined: {}", name, strategy, trimmed);
        return new Definition(strategy, name, trimmed);
    }

    @Override
    public synchronized boolean remove(String strategy, String name) {
        DefinableQuota quota = strategy(strategy);
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
