package dev.switchboard.core.internal.events;

import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.grid.GridMember;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GatewayEvents} service: stamps each event (id, type, time, node) and posts it on EventAdmin,
 * which delivers it on its own thread. It needs EventAdmin, so without it there is no such service and every
 * publisher (core's {@link EventRelay}, a plugin's optional reference) drops its events without a failure.
 */
@Component(service = GatewayEvents.class)
public final class EventPublisher implements GatewayEvents {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private final EventAdmin eventAdmin;
    private final String node;
    private final LongSupplier clock;

    @Activate
    public EventPublisher(@Reference EventAdmin eventAdmin, @Reference GridMember grid) {
        this(eventAdmin, nodeName(grid), System::currentTimeMillis);
    }

    EventPublisher(EventAdmin eventAdmin, String node, LongSupplier clock) {
        this.eventAdmin = eventAdmin;
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void publish(GatewayEventType type, Map<String, ?> properties) {
        try {
            Map<String, Object> stamped = new HashMap<>(properties.size() + 6);
            properties.forEach((name, value) -> {
                if (value != null) {
                    stamped.put(name, value);
                }
            });
            stamped.put(EventProperties.EVENT_ID, "evt_" + UUID.randomUUID().toString().replace("-", ""));
            stamped.put(EventProperties.TYPE, type.eventName());
            stamped.put(EventProperties.TIMESTAMP, clock.getAsLong());
            stamped.put(EventProperties.NODE, node);
            eventAdmin.postEvent(new Event(type.topic(), stamped));
        } catch (RuntimeException e) {
            // an event is a side effect: whatever publishes it (a denied request, a revocation) goes on
            LOG.debug("Event {} not published: {}", type.eventName(), e.toString());
        }
    }

    /** The grid member's address names the node (unique in the cluster, unlike Karaf's default name "root"). */
    private static String nodeName(GridMember grid) {
        try {
            return grid.hazelcast().getCluster().getLocalMember().getAddress().toString();
        } catch (RuntimeException e) {
            return System.getProperty("karaf.name", "node");
        }
    }
}
