package dev.switchboard.selection.lowestlatency.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Fastest first. A streamed request is ranked by time to first token (what its user waits for) where core has
 * measured one, otherwise by the latency of whole calls; either is raised by the recent error rate. An instance
 * not measured yet scores 0 and is tried first, so a new instance is measured at once. Averages only move when an
 * instance gets traffic, so a recovered instance would never be tried again on its stale average: with
 * probability {@code exploration_rate} a random healthy candidate other than the best goes first (epsilon-greedy).
 * Open circuits last. Stable: equal scores keep core's order.
 */
@Component(service = SelectionStrategy.class,
        property = SelectionStrategy.NAME_PROPERTY + "=" + LowestLatencySelection.NAME,
        configurationPid = LowestLatencySelection.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LowestLatencyConfig.class)
public final class LowestLatencySelection implements SelectionStrategy {

    public static final String NAME = "lowest-latency";
    public static final String PID = "dev.switchboard.selection.lowest-latency";

    private final DoubleSupplier random;
    private volatile double explorationRate = 0.05;
    private volatile double errorPenalty = 2.0;

    public LowestLatencySelection() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    LowestLatencySelection(DoubleSupplier random) {
        this.random = random;
    }

    @Activate
    @Modified
    void activate(LowestLatencyConfig config) {
        configure(config.exploration_rate(), config.error_penalty());
    }

    void configure(double exploration, double penalty) {
        explorationRate = Math.max(0.0, Math.min(1.0, exploration));
        errorPenalty = Math.max(0.0, penalty);
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
        boolean stream = request != null && request.stream();
        double penalty = errorPenalty;
        int n = candidates.size();
        Integer[] index = new Integer[n];
        double[] scores = new double[n];
        int healthy = 0;
        for (int i = 0; i < n; i++) {
            index[i] = i;
            CandidateStats stats = candidates.get(i).stats();
            if (stats != null && stats.circuitOpen()) {
                scores[i] = Double.POSITIVE_INFINITY;
            } else {
                scores[i] = score(stats, stream, penalty);
                healthy++;
            }
        }
        Arrays.sort(index, Comparator.comparingDouble((Integer i) -> scores[i]));
        List<Candidate> ordered = new ArrayList<>(n);
        for (Integer i : index) {
            ordered.add(candidates.get(i));
        }
        double rate = explorationRate;
        if (healthy > 1 && rate > 0 && random.getAsDouble() < rate) {
            int pick = 1 + (int) (random.getAsDouble() * (healthy - 1));
            ordered.add(0, ordered.remove(Math.min(pick, healthy - 1)));
        }
        return Collections.unmodifiableList(ordered);
    }

    static double score(CandidateStats stats, boolean stream, double penalty) {
        if (stats == null) {
            return 0.0;
        }
        double base = stream && stats.ttfbEwmaMillis() > 0 ? stats.ttfbEwmaMillis() : stats.latencyEwmaMillis();
        return base * (1.0 + penalty * stats.errorRate());
    }
}
