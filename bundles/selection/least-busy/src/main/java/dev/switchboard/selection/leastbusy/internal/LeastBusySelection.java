package dev.switchboard.selection.leastbusy.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Fewest requests in flight first (core counts them per instance on this node, so each node balances its own
 * load), ties broken by the lower latency average when configured, then core's order. Open circuits go last.
 */
@Component(service = SelectionStrategy.class, property = SelectionStrategy.NAME_PROPERTY + "=" + LeastBusySelection.NAME,
        configurationPid = LeastBusySelection.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LeastBusyConfig.class)
public final class LeastBusySelection implements SelectionStrategy {

    public static final String NAME = "least-busy";
    public static final String PID = "dev.switchboard.selection.least-busy";

    private static final Comparator<Candidate> BY_LOAD = Comparator
            .comparing((Candidate c) -> c.stats() != null && c.stats().circuitOpen())
            .thenComparingInt(c -> c.stats() == null ? 0 : c.stats().inFlight());
    private static final Comparator<Candidate> BY_LOAD_THEN_LATENCY = BY_LOAD
            .thenComparingDouble(c -> c.stats() == null ? 0.0 : c.stats().latencyEwmaMillis());

    private volatile Comparator<Candidate> order = BY_LOAD_THEN_LATENCY;

    @Activate
    @Modified
    void activate(LeastBusyConfig config) {
        configure(config.latency_tiebreak());
    }

    void configure(boolean latencyTiebreak) {
        order = latencyTiebreak ? BY_LOAD_THEN_LATENCY : BY_LOAD;
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
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(order);
        return Collections.unmodifiableList(ordered);
    }

}
