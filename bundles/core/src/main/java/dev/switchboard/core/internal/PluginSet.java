package dev.switchboard.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The bound services of one kind as an immutable list, replaced whole on every bind or unbind, so the
 * request path reads it without locks and a request keeps the list it started with.
 */
final class PluginSet<T> implements Supplier<List<T>> {

    private final Comparator<T> order;
    private volatile List<T> current = List.of();

    PluginSet(Comparator<T> order) {
        this.order = order;
    }

    synchronized void add(T plugin) {
        List<T> next = new ArrayList<>(current);
        next.add(plugin);
        if (order != null) {
            next.sort(order);
        }
        current = List.copyOf(next);
    }

    synchronized void remove(T plugin) {
        List<T> next = new ArrayList<>(current);
        next.removeIf(p -> p == plugin);
        current = List.copyOf(next);
    }

    @Override
    public List<T> get() {
        return current;
    }
}
