package dev.switchboard.core.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dropwizard names carry no labels, so the gateway's registry writes them into the name:
 * {@code switchboard.route.latency{instance=openai-eu,model=gpt-4.1}}. The exposition reads them back as
 * Prometheus labels, so an instance id or a model name with dots in it stays one label value instead of
 * turning into metric names of its own. In a value, {@code \ , = { }} are escaped with a backslash.
 */
public final class MetricNames {

    private MetricNames() {
    }

    /** {@code base{k1=v1,k2=v2}} from alternating label names and values. */
    public static String tagged(String base, String... labelsAndValues) {
        if (labelsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("label names and values come in pairs");
        }
        StringBuilder name = new StringBuilder(base).append('{');
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            if (i > 0) {
                name.append(',');
            }
            name.append(labelsAndValues[i]).append('=');
            escape(labelsAndValues[i + 1], name);
        }
        return name.append('}').toString();
    }

    /** The part before the labels (the whole name when it has none). */
    public static String base(String name) {
        int open = name.indexOf('{');
        return open < 0 || !name.endsWith("}") ? name : name.substring(0, open);
    }

    /** The labels of a tagged name in their order; empty for a plain name. */
    public static Map<String, String> labels(String name) {
        int open = name.indexOf('{');
        Map<String, String> labels = new LinkedHashMap<>();
        if (open < 0 || !name.endsWith("}")) {
            return labels;
        }
        StringBuilder key = new StringBuilder();
        StringBuilder value = new StringBuilder();
        boolean inValue = false;
        for (int i = open + 1; i < name.length() - 1; i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length() - 1) {
                (inValue ? value : key).append(name.charAt(++i));
            } else if (c == '=' && !inValue) {
                inValue = true;
            } else if (c == ',' && inValue) {
                labels.put(key.toString(), value.toString());
                key.setLength(0);
                value.setLength(0);
                inValue = false;
            } else {
                (inValue ? value : key).append(c);
            }
        }
        if (inValue) {
            labels.put(key.toString(), value.toString());
        }
        return labels;
    }

    private static void escape(String value, StringBuilder into) {
        String text = value == null ? "" : value;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == ',' || c == '=' || c == '{' || c == '}') {
                into.append('\\');
            }
            into.append(c);
        }
    }
}
