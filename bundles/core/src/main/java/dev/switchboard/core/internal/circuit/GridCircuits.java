package dev.switchboard.core.internal.circuit;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.api.selection.CircuitState;
import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares circuit transitions through the grid map {@value #MAP}: instance id -> {@code STATE|openedAtMillis|node|mac}
 * (JDK strings only). A node writes when one of its breakers opens or closes (rare: transitions, never per-request
 * counts), asynchronously; an entry listener on every node adopts what others wrote into its local breakers, so
 * the request path only ever reads local state. The write's continuation runs on the grid's callback executor
 * ({@code GridMember.callbackExecutor()}), never on Hazelcast's default one; the listener runs on Hazelcast's
 * event threads (a fixed pool). Records are signed with the cluster secret, and a record without a
 * valid signature is ignored: a member without the secret can neither hold an instance open nor close it.
 */
public final class GridCircuits implements CircuitListener, AutoCloseable {

    static final String MAP = "switchboard.circuits";
    private static final String PURPOSE = "switchboard.circuits.v1";
    private static final Logger LOG = LoggerFactory.getLogger(GridCircuits.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final IMap<String, String> map;
    private final CircuitBreakerRegistry registry;
    private final ThreadLocal<Mac> mac;
    private final String node;
    private final LongSupplier wallClock;
    private final UUID listenerId;
    private final Executor callbacks;

    public GridCircuits(HazelcastInstance hazelcast, ClusterSecret secret, CircuitBreakerRegistry registry,
                        LongSupplier wallClock, Executor callbacks) {
        this.callbacks = callbacks;
        this.map = hazelcast.getMap(MAP);
        this.registry = registry;
        this.mac = ThreadLocal.withInitial(() -> secret.newMac(PURPOSE));
        this.node = hazelcast.getCluster().getLocalMember().getUuid().toString();
        this.wallClock = wallClock;
        this.listenerId = map.addEntryListener(new Listener(), true);
        for (Map.Entry<String, String> entry : map.entrySet()) {
            receive(entry.getKey(), entry.getValue());
        }
        registry.publishTo(this);
    }

    @Override
    public void transitioned(String instanceId, CircuitState state) {
        String body = state.name() + "|" + wallClock.getAsLong() + "|" + node;
        map.setAsync(instanceId, body + "|" + sign(instanceId, body)).whenCompleteAsync((done, failure) -> {
            if (failure != null) {
                LOG.warn("Could not share the circuit state of {} through the grid: {}", instanceId, failure.toString());
            }
        }, callbacks);
    }

    @Override
    public void close() {
        registry.publishTo(CircuitListener.NONE);
        try {
            map.removeEntryListener(listenerId);
        } catch (RuntimeException e) {
            LOG.debug("Grid gone before the circuit listener was removed", e);
        }
    }

    void receive(String instanceId, String value) {
        if (instanceId == null || value == null) {
            return;
        }
        int lastBar = value.lastIndexOf('|');
        String[] parts = value.split("\\|", -1);
        if (lastBar < 0 || parts.length != 4) {
            LOG.warn("Ignored a malformed circuit record for {} in the grid", instanceId);
            return;
        }
        String body = value.substring(0, lastBar);
        if (!MessageDigest.isEqual(sign(instanceId, body).getBytes(StandardCharsets.US_ASCII),
                value.substring(lastBar + 1).getBytes(StandardCharsets.US_ASCII))) {
            LOG.warn("Ignored an unsigned or forged circuit record for {} in the grid", instanceId);
            return;
        }
        if (node.equals(parts[2])) {
            return; // our own transition, already applied
        }
        try {
            CircuitState state = CircuitState.valueOf(parts[0]);
            long age = wallClock.getAsLong() - Long.parseLong(parts[1]);
            registry.adopt(instanceId, state, age);
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignored a circuit record for {} with an unknown state", instanceId);
        }
    }

    private String sign(String instanceId, String body) {
        Mac m = mac.get();
        m.update(instanceId.getBytes(StandardCharsets.UTF_8));
        m.update((byte) '\n');
        return B64.encodeToString(m.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            receive(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            receive(event.getKey(), event.getValue());
        }
    }
}
