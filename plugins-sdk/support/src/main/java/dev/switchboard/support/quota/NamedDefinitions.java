package dev.switchboard.support.quota;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named limit definitions of one quota strategy (budgets, rate limits): how its entries are read from its
 * configuration file and how the cluster's definitions combine with them. Parsing one entry into a definition is the
 * strategy's ({@code parser}, throwing {@link IllegalArgumentException} that names what is wrong); this class keeps
 * the rules every such strategy shares, so they read the same in each: entries split at commas, names unique, a
 * definition written through the admin API one entry, and a cluster definition replacing a file one of its name.
 * Used at activation and when definitions change, never on the request path.
 *
 * @param <D> a parsed definition
 */
public final class NamedDefinitions<D> {

    private static final Logger LOG = LoggerFactory.getLogger(NamedDefinitions.class);

    private final String noun;
    private final String kind;
    private final Function<String, D> parser;
    private final Function<D, String> name;

    /**
     * {@code noun} names one definition in errors ({@code budget}: "budget 'x' is defined twice"), {@code kind} in
     * the log ({@code rate limit}: "Ignored the cluster's rate limit definition").
     */
    public NamedDefinitions(String noun, String kind, Function<String, D> parser, Function<D, String> name) {
        this.noun = noun;
        this.kind = kind;
        this.parser = parser;
        this.name = name;
    }

    /** Every entry parsed; a malformed one fails (naming it), as does a name given twice, rather than leaving a
     * limit unenforced. */
    public List<D> parse(String[] entries) {
        List<D> parsed = new ArrayList<>();
        for (String entry : split(entries)) {
            D definition = parser.apply(entry);
            String named = name.apply(definition);
            if (parsed.stream().anyMatch(known -> name.apply(known).equals(named))) {
                throw new IllegalArgumentException(noun + " '" + named + "' is defined twice");
            }
            parsed.add(definition);
        }
        return parsed;
    }

    /** A definition written through the admin API: one entry (no commas); its name, or the parser's error. */
    public String validate(String definition) {
        if (definition == null || definition.contains(",")) {
            throw new IllegalArgumentException("a definition is one entry (no commas)");
        }
        return name.apply(parser.apply(definition));
    }

    /**
     * What to enforce: the cluster's definitions (a malformed one logged and left out), then each of this node's
     * {@code configured} ones that no cluster definition of the same name replaces.
     */
    public List<D> withCluster(List<String> definitions, List<D> configured) {
        List<D> cluster = new ArrayList<>();
        for (String definition : definitions) {
            try {
                cluster.add(parser.apply(definition));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignored the cluster's {} definition '{}': {}", kind, definition, e.getMessage());
            }
        }
        List<D> next = new ArrayList<>(cluster);
        for (D own : configured) {
            String named = name.apply(own);
            if (cluster.stream().noneMatch(c -> name.apply(c).equals(named))) {
                next.add(own);
            }
        }
        return List.copyOf(next);
    }

    /**
     * The entries one by one: a Karaf {@code .cfg} file delivers {@code a, b} as one string, and the admin API
     * writes the list that way too, so every entry is also split at commas (no entry holds one).
     */
    public static List<String> split(String[] entries) {
        List<String> split = new ArrayList<>();
        if (entries != null) {
            for (String entry : entries) {
                if (entry != null) {
                    for (String part : entry.split(",")) {
                        if (!part.isBlank()) {
                            split.add(part.trim());
                        }
                    }
                }
            }
        }
        return split;
    }

    /**
     * One entry's {@code key=value} parts, separated by {@code ;} (blank parts skipped, keys and values trimmed, a
     * later key replacing an earlier one); a part without a key fails, naming {@code noun}'s entry.
     */
    public static Map<String, String> attributes(String entry, String noun) {
        Map<String, String> attributes = new HashMap<>();
        for (String part : entry.split(";")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(noun + " entry part '" + item + "' is not key=value");
            }
            attributes.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        return attributes;
    }
}
