package dev.switchboard.rest.internal.http;

import dev.switchboard.api.quota.QuotaUsage;
import dev.switchboard.core.api.LimitDefinitions;
import dev.switchboard.core.api.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Core's limits as the admin API sees them: two strategies, definitions kept in a list, resets recorded. */
final class FakeLimits implements Limits, LimitDefinitions {

    final List<Definition> defined = new ArrayList<>(List.of(
            new Definition("budget", "acme", "name=acme; scope=tenant:acme; limit.usd=100"),
            new Definition("rate-limit", "key-rpm", "name=key-rpm; scope=key:*; limit=600", Definition.CLUSTER)));
    final List<String> resets = new ArrayList<>();

    @Override
    public List<QuotaUsage> limits() {
        return List.of(new QuotaUsage("budget", "acme", "tenant:acme", "cost-micro-usd", "2026-12", 41_500_000,
                        120_000, 100_000_000, Instant.parse("2027-01-01T00:00:00Z"), "exact"),
                new QuotaUsage("rate-limit", "key-rpm", "key:key_1", "requests", "sliding-window per PT1M", 17, 0,
                        600, null, "local"));
    }

    @Override
    public boolean resetLimit(String strategy, String name) {
        resets.add(strategy + "/" + name);
        return defined.stream().anyMatch(d -> d.name().equals(name) && (strategy == null || d.strategy().equals(strategy)));
    }

    @Override
    public synchronized List<Definition> definitions(String strategy) {
        return defined.stream().filter(d -> strategy == null || d.strategy().equals(strategy)).toList();
    }

    @Override
    public synchronized Definition define(String strategy, String text) {
        if (!strategy.equals("budget") && !strategy.equals("rate-limit")) {
            throw new NoSuchElementException("No quota strategy '" + strategy + "' with definitions is installed.");
        }
        if (!text.contains("scope=")) {
            throw new IllegalArgumentException("needs name, scope and limit");
        }
        String name = AdminLimitsServlet.nameIn(text);
        defined.removeIf(d -> d.strategy().equals(strategy) && d.name().equals(name));
        Definition definition = new Definition(strategy, name, text, Definition.CLUSTER);
        defined.add(definition);
        return definition;
    }

    @Override
    public synchronized boolean remove(String strategy, String name) {
        if (!strategy.equals("budget") && !strategy.equals("rate-limit")) {
            throw new NoSuchElementException("No quota strategy '" + strategy + "'.");
        }
        if (defined.stream().anyMatch(d -> d.strategy().equals(strategy) && d.name().equals(name)
                && d.source().equals(Definition.FILE))) {
            throw new IllegalStateException("limit '" + name + "' is defined in this node's configuration");
        }
        return defined.removeIf(d -> d.strategy().equals(strategy) && d.name().equals(name));
    }
}
