package dev.switchboard.webhooks.internal;

import dev.switchboard.api.event.GatewayEventType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which events a webhook receives, from its {@code events} setting: documented names ({@code key.revoked}),
 * a family ({@code quota.*}) or {@code *}. Turned into EventAdmin topics, so EventAdmin does the filtering and
 * a webhook never sees another's events.
 */
record EventSelection(Set<GatewayEventType> types) {

    static EventSelection parse(String[] events) {
        Set<GatewayEventType> types = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        if (events == null || events.length == 0) {
            events = new String[] {"*"};
        }
        for (String raw : events) {
            for (String part : raw.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                int before = types.size();
                for (GatewayEventType type : GatewayEventType.values()) {
                    if (matches(name, type.eventName())) {
                        types.add(type);
                    }
                }
                if (types.size() == before && GatewayEventType.ofName(name) == null && !name.endsWith("*")) {
                    unknown.add(name);
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown event names " + unknown + "; known: "
                    + java.util.Arrays.stream(GatewayEventType.values()).map(GatewayEventType::eventName).toList());
        }
        return new EventSelection(Set.copyOf(types));
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(name);
    }

    /** For the handler's {@code event.topics}. */
    String[] topics() {
        return types.stream().map(GatewayEventType::topic).sorted().toArray(String[]::new);
    }

    boolean accepts(String topic) {
        GatewayEventType type = GatewayEventType.ofTopic(topic);
        return type != null && types.contains(type);
    }
}
