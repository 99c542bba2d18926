package dev.switchboard.core.internal.auth;

import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.switchboard.api.event.GatewayEvents;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.ApiKeys.KeyInfo;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.internal.events.EventRelay;
import dev.switchboard.grid.GridMember;
import dev.switchboard.store.KeyStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the key ring to the grid and the store (importing the key file of older versions), and bootstraps
 * the first admin key. It
 * registers its services itself: DS would copy the configuration, bootstrap key included, into the
 * service properties for anyone to read with {@code service:list}.
 */
@Component(service = {}, configurationPid = "dev.switchboard.auth")
@Designate(ocd = AuthConfig.class)
public final class KeyRingComponent implements Authenticator, ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRingComponent.class);
    static final String KEYS_MAP = "switchboard.keys";

    private final KeyRing ring;
    private final IMap<String, String> map;
    private final UUID listener;
    private final ServiceRegistration<?> registration;
    /** key.revoked is published here (on the node where the revocation was asked for). */
    private final EventRelay events = new EventRelay();

    @Activate
    public KeyRingComponent(@Reference GridMember grid, @Reference KeyStore store, AuthConfig config,
                            BundleContext context) {
        this.map = grid.hazelcast().getMap(KEYS_MAP);
        Path dataDir = Path.of(System.getProperty("karaf.data", "data"), "switchboard");
        Path keysFile = config.keys_file().isBlank() ? dataDir.resolve("keys.json") : Path.of(config.keys_file());
        this.ring = new KeyRing(map, store, new KeyFile(keysFile), grid.clusterSecret());
        this.listener = map.addEntryListener(new GridKeyListener(ring), true);
        ring.load();
        Optional<String> generated = ring.bootstrap(config.admin_key());
        generated.ifPresent(secret -> GeneratedAdminKey.announce(secret, dataDir, System.out));
        this.registration = context.registerService(new String[] {Authenticator.class.getName(), ApiKeys.class.getName()},
                this, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        try {
            map.removeEntryListener(listener);
        } catch (RuntimeException e) {
            LOG.debug("Grid already gone while removing the key listener", e);
        }
    }

    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        return ring.authenticate(presentedKey);
    }

    @Override
    public IssuedKey create(String name, String tenant, boolean admin) {
        return ring.create(name, tenant, admin);
    }

    @Override
    public List<KeyInfo> list() {
        return ring.list();
    }

    @Override
    public boolean revoke(String keyId) {
        String tenant = ring.list().stream().filter(key -> key.id().equals(keyId)).map(KeyInfo::tenant)
                .findFirst().orElse(null);
        boolean revoked = ring.revoke(keyId);
        if (revoked) {
            events.keyRevoked(tenant, keyId);
        }
        return revoked;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEvents(GatewayEvents published) {
        events.bind(published);
    }

    void unbindEvents(GatewayEvents published) {
        events.unbind(published);
    }

    private record GridKeyListener(KeyRing ring) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
            ring.applyRemote(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
            ring.applyRemote(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> event) {
            ring.applyRemote(event.getKey(), null);
        }
    }
}
