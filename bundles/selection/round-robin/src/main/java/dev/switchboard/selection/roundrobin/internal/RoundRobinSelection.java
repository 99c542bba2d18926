package dev.switchboard.selection.roundrobin.internal;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Component;

/**
 * Plain rotation: each request for a model starts one position further along its candidate list, so
 * N requests spread evenly over N candidates. Candidates whose circuit is open go after the healthy
 * ones (rotated among themselves, so half-open probes spread too) but are never dropped: core may
 * still need them when every healthy candidate fails.
 */
@Component(service = SelectionStrategy.class, property = SelectionStrategy.NAME_PROPERTY + "=" + RoundRobinSelection.NAME)
public final class RoundRobinSelection implements SelectionStrategy {

    public static final String NAME = "round-robin";

    /*
     * Model names normally come from core's routing table, so this map stays small. The cap only guards
     * against a caller that lets arbitrary names through; clearing just restarts rotation from zero.
     */
    static final int MAX_TRACKED_MODELS = 4096;

    private final ConcurrentMap<String, AtomicLong> turns = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
        return order(request == null ? "" : request.model(), candidates);
    }

    /** Endpoints beyond chat rotate per model as chat does. */
    @Override
    public List<Candidate> order(String model, List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            return List.of();
        }
        if (candidates.size() == 1) {
            return candidates;
        }
        long turn = turnFor(model == null ? "" : model);

        List<Candidate> healthy = new ArrayList<>(candidates.size());
        List<Candidate> open = null;
        for (Candidate candidate : candidates) {
            if (isCircuitOpen(candidate)) {
                if (open == null) {
                    open = new ArrayList<>(2);
                }
                open.add(candidate);
            } else {
                healthy.add(candidate);
            }
        }
        List<Candidate> ordered = new ArrayList<>(candidates.size());
        appendRotated(ordered, healthy, turn);
        if (open != null) {
            appendRotated(ordered, open, turn);
        }
        return Collections.unmodifiableList(ordered);
    }

    private long turnFor(String model) {
        AtomicLong counter = turns.get(model);
        if (counter == null) {
            if (turns.size() >= MAX_TRACKED_MODELS) {
                turns.clear();
            }
            counter = turns.computeIfAbsent(model, m -> new AtomicLong());
        }
        return counter.getAndIncrement();
    }

    private static boolean isCircuitOpen(Candidate candidate) {
        return candidate.stats() != null && candidate.stats().circuitOpen();
    }

    private static void appendRotated(List<Candidate> target, List<Candidate> source, long turn) {
        int size = source.size();
        if (size == 0) {
            return;
        }
        int start = (int) Math.floorMod(turn, (long) size);
        for (int i = 0; i < size; i++) {
            target.add(source.get((start + i) % size));
        }
    }
}
