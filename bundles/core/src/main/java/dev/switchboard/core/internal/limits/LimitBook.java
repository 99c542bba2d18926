package dev.switchboard.core.internal.limits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * This node's view of the cluster's limit definitions (strategy -> limit name -> definition), fed by
 * {@link GridLimits}: reading it never asks the grid. Each change is told to a listener with the strategy's name,
 * which hands that strategy its new list.
 */
final class LimitBook {

    private final Consumer<String> changed;
    private volatile Map<String, Map<String, String>> definitions = Map.of();

    LimitBook(Consumer<String> changed) {
        this.changed = changed;
    }

    /** Sets a definition, or removes it when {@code text} is null. */
    void apply(String strategy, String name, String text) {
        synchronized (this) {
            Map<String, Map<String, String>> next = new TreeMap<>(definitions);
            Map<String, String> ofStrategy = new TreeMap<>(next.getOrDefault(strategy, Map.of()));
            boolean same = text == null ? !ofStrategy.containsKey(name) : text.equals(ofStrategy.get(name));
            if (same) {
                return;
            }
            if (text == null) {
                ofStrategy.remove(name);
            } else {
                ofStrategy.put(name, text);
            }
            next.put(strategy, Collections.unmodifiableMap(ofStrategy));
            definitions = Collections.unmodifiableMap(next);
        }
        changed.accept(strategy);
    }

    /** The strategy's definitions: name -> text, by name. */
    Map<String, String> of(String strategy) {
        return definitions.getOrDefault(strategy, Map.of());
    }

    /** The strategy's definition texts, in name order. */
    List<String> texts(String strategy) {
        return new ArrayList<>(of(strategy).values());
    }
}
