package dev.switchboard.selection.weighted.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Weighted random order: each candidate comes first with a probability proportional to its weight, and so on
 * down the list (Efraimidis-Spirakis: sort by {@code ln(u) / weight}, u uniform in (0, 1)). The weight is the
 * instance's own ({@code weight} in its configuration) unless this strategy's configuration overrides it.
 * Weight 0 (or less) goes after every weighted candidate; open circuits go last. No lock, no shared state but the
 * configuration.
 */
@Component(service = SelectionStrategy.class, property = SelectionStrategy.NAME_PROPERTY + "=" + WeightedSelection.NAME,
        configurationPid = WeightedSelection.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = WeightedConfig.class)
public final class WeightedSelection implements SelectionStrategy {

    public static final String NAME = "weighted";
    public static final String PID = "dev.switchboard.selection.weighted";

    private final DoubleSupplier random;
    private volatile Map<String, Integer> weights = Map.of();

    public WeightedSelection() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    WeightedSelection(DoubleSupplier random) {
        this.random = random;
    }

    @Activate
    @Modified
    void activate(WeightedConfig config) {
        configure(config.weights());
    }

    /** {@code instance=weight} entries; malformed ones are ignored. */
    void configure(String... entries) {
        Map<String, Integer> parsed = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                try {
                    parsed.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // a typo leaves that instance at its own weight
                }
            }
        }
        weights = Map.copyOf(parsed);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            return List.of();
        }
        if (candidates.size() == 1) {
            return candidates;
        }
        Map<String, Integer> overrides = weights;
        int n = candidates.size();
        Integer[] index = new Integer[n];
        double[] keys = new double[n];
        for (int i = 0; i < n; i++) {
            Candidate c = candidates.get(i);
            index[i] = i;
            int weight = overrides.getOrDefault(c.instanceId(), c.weight());
            boolean open = c.stats() != null && c.stats().circuitOpen();
            double u = Math.max(random.getAsDouble(), Double.MIN_VALUE);
            double key = weight > 0 ? Math.log(u) / weight : -1e300 + u;
            keys[i] = open ? -Double.MAX_VALUE + u : key;
        }
        Arrays.sort(index, Comparator.comparingDouble((Integer i) -> keys[i]).reversed());
        List<Candidate> ordered = new ArrayList<>(n);
        for (Integer i : index) {
            ordered.add(candidates.get(i));
        }
        return Collections.unmodifiableList(ordered);
    }
}
