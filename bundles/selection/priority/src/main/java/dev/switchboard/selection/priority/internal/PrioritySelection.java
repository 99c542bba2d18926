package dev.switchboard.selection.priority.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Ordered failover: every request goes to the instance with the lowest configured priority number, to the next
 * when that one fails (core fails over in this order) or its circuit is open (open circuits go last). Instances
 * not listed get the default priority; equal priorities keep core's order.
 */
@Component(service = SelectionStrategy.class, property = SelectionStrategy.NAME_PROPERTY + "=" + PrioritySelection.NAME,
        configurationPid = PrioritySelection.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PriorityConfig.class)
public final class PrioritySelection implements SelectionStrategy {

    public static final String NAME = "priority";
    public static final String PID = "dev.switchboard.selection.priority";

    private volatile Map<String, Integer> priorities = Map.of();
    private volatile int defaultPriority = 100;

    @Activate
    @Modified
    void activate(PriorityConfig config) {
        configure(config.default_priority(), config.priorities());
    }

    /** {@code instance=priority} entries; malformed ones are ignored (that instance gets the default). */
    void configure(int fallback, String... entries) {
        Map<String, Integer> parsed = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                try {
                    parsed.put(entry.substring(0, eq).trim(), Integer.parseInt(entry.substring(eq + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // left at the default priority
                }
            }
        }
        priorities = Map.copyOf(parsed);
        defaultPriority = fallback;
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
        Map<String, Integer> ranks = priorities;
        int fallback = defaultPriority;
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing((Candidate c) -> c.stats() != null && c.stats().circuitOpen())
                .thenComparingInt(c -> ranks.getOrDefault(c.instanceId(), fallback)));
        return Collections.unmodifiableList(ordered);
    }
}
