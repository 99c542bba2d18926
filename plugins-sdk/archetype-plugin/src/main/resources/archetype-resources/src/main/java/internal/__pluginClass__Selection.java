package ${package}.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.CandidateStats;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Selection strategy {@code ${pluginName}}: the bundle's one entry point. Core orders the candidates for each
 * request with the strategy named by {@code selection.strategy} in etc/dev.switchboard.core.cfg and tries them in
 * that order, failing over on retryable errors. This one puts the candidate with the lowest latency (core's moving
 * average) first; candidates with an open circuit or too many recent errors go after the healthy ones, in the same
 * order. Candidates without measurements yet count as fastest, so a new instance gets tried. Ties keep the order
 * core gave (its routing table's).
 *
 * <p>The contracts (docs/plugin-guide.md): runs on every request thread, so use only what the candidates carry (no
 * I/O); return every candidate exactly once (one you do not prefer goes last, never away: core may need it when the
 * others fail); never change the list you are given (it is core's routing table); be safe under concurrent calls.
 */
@Component(service = SelectionStrategy.class, configurationPid = ${pluginClass}SelectionConfig.PID,
        property = SelectionStrategy.NAME_PROPERTY + "=" + ${pluginClass}Selection.NAME)
@Designate(ocd = ${pluginClass}SelectionConfig.class)
public final class ${pluginClass}Selection implements SelectionStrategy {

    static final String NAME = "${pluginName}";

    private static final Comparator<Candidate> FASTEST_FIRST =
            Comparator.comparingDouble(c -> stats(c).latencyEwmaMillis());

    private final double maxErrorRate;

    @Activate
    public ${pluginClass}Selection(${pluginClass}SelectionConfig config) {
        this(config.max_error_rate());
    }

    ${pluginClass}Selection(double maxErrorRate) {
        this.maxErrorRate = maxErrorRate;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
        if (candidates == null || candidates.size() < 2) {
            return candidates == null ? List.of() : candidates;
        }
        List<Candidate> healthy = new ArrayList<>(candidates.size());
        List<Candidate> unhealthy = new ArrayList<>(2);
        for (Candidate candidate : candidates) {
            CandidateStats stats = stats(candidate);
            (stats.circuitOpen() || stats.errorRate() > maxErrorRate ? unhealthy : healthy).add(candidate);
        }
        // List.sort is stable: equal latencies keep core's order
        healthy.sort(FASTEST_FIRST);
        unhealthy.sort(FASTEST_FIRST);
        healthy.addAll(unhealthy);
        return healthy;
    }

    private static CandidateStats stats(Candidate candidate) {
        return candidate.stats() == null ? CandidateStats.UNKNOWN : candidate.stats();
    }
}
