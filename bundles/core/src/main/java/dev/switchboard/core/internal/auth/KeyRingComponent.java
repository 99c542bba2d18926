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
import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.Role;
import dev.switchboard.core.api.WarmUpCalls;
import dev.switchboard.core.internal.routing.WarmUpRelay;
import java.net.URI;
import dev.switchboard.core.internal.events.EventRelay;
import dev.switchboard.grid.GridMember;
import dev.switchboard.store.DirectoryStore;
import dev.switchboard.store.KeyStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
 * Wires the key ring and the tenant directory to the grid and the store (importing the key file of older
 * versions), and bootstraps the first admin key. It
 * registers its services itself: DS would copy the configuration, bootstrap key included, into the
 * service properties for anyone to read with {@code service:list}.
 */
@Component(service = {}, configurationPid = "dev.switchboard.auth")
@Designate(ocd = AuthConfig.class)
public final class KeyRingComponent implements Authenticator, ApiKeys, Directory, WarmUpCalls {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRingComponent.class);
    static final String KEYS_MAP = "switchboard.keys";
    static final String DIRECTORY_MAP = "switchboard.directory";

    private final KeyRing ring;
    private final TenantDirectory directory;
    private final IMap<String, String> map;
    private final IMap<String, String> directoryMap;
    private final UUID listener;
    private final UUID directoryListener;
    private final JwtVerifier jwt;
    private final Jwks jwks;
    private final ServiceRegistration<?> registration;
    /** key.revoked is published here (on the node where the revocation was asked for). */
    private final EventRelay events = new EventRelay();
    /** the start-up warm-up's one-time secret: beside the ring, never in it */
    private final WarmUpKey warmUp = new WarmUpKey();
    /** the gateway's relay for the warm-up (a service private to core), and the one opened with the secret */
    private volatile WarmUpRelay relay;
    private WarmUpRelay relayOpen;
    /** Copies the other nodes' key and directory changes into this node's store, off the grid's event threads. */
    private final ExecutorService storeWriter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "switchboard-key-store");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public KeyRingComponent(@Reference GridMember grid, @Reference KeyStore store,
                            @Reference DirectoryStore directoryStore, AuthConfig config, BundleContext context) {
        this.directoryMap = grid.hazelcast().getMap(DIRECTORY_MAP);
        this.directory = new TenantDirectory(directoryMap, directoryStore, grid.clusterSecret(), storeWriter);
        this.directoryListener = directoryMap.addEntryListener(new GridListener(directory::applyRemote), true);
        directory.load();
        this.map = grid.hazelcast().getMap(KEYS_MAP);
        Path dataDir = Path.of(System.getProperty("karaf.data", "data"), "switchboard");
        Path keysFile = config.keys_file().isBlank() ? dataDir.resolve("keys.json") : Path.of(config.keys_file());
        this.ring = new KeyRing(map, store, new KeyFile(keysFile), grid.clusterSecret(), storeWriter);
        this.listener = map.addEntryListener(new GridListener(ring::applyRemote), true);
        ring.load();
        directory.tenantHasKeys(tenant -> ring.list().stream().anyMatch(key -> key.tenant().equals(tenant)));
        this.jwks = config.jwt_jwks_url().isBlank() ? null
                : new Jwks(java.net.URI.create(config.jwt_jwks_url().trim()),
                        java.time.Duration.ofSeconds(config.jwt_jwks_refresh_seconds()));
        this.jwt = jwtVerifier(config, jwks, directory);
        Optional<String> generated = ring.bootstrap(config.admin_key());
        generated.ifPresent(secret -> GeneratedAdminKey.announce(secret, dataDir, System.out));
        this.registration = context.registerService(new String[] {Authenticator.class.getName(), ApiKeys.class.getName(),
                        Directory.class.getName(), WarmUpCalls.class.getName()},
                this, null);
    }

    /** Null when neither a shared secret nor a JWKS is configured; a short secret is refused, not used. */
    private static JwtVerifier jwtVerifier(AuthConfig config, Jwks jwks, TenantDirectory directory) {
        byte[] secret = config.jwt_hs256_secret().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (secret.length > 0 && secret.length < 32) {
            LOG.error("jwt.hs256.secret is shorter than 32 bytes: HS256 JWTs are refused until it is longer");
            secret = new byte[0];
        }
        if (secret.length == 0 && jwks == null) {
            return null;
        }
        return new JwtVerifier(new JwtVerifier.Settings(secret, jwks != null, config.jwt_issuer(),
                config.jwt_audience(), config.jwt_claim_tenant(), config.jwt_claim_role(), config.jwt_claim_user(),
                Math.max(0, config.jwt_leeway_seconds())), jwks == null ? kid -> null : jwks::key,
                tenant -> directory.tenant(tenant).isPresent(), System::currentTimeMillis);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        close();
        if (jwks != null) {
            jwks.close();
        }
        try {
            map.removeEntryListener(listener);
            directoryMap.removeEntryListener(directoryListener);
        } catch (RuntimeException e) {
            LOG.debug("Grid already gone while removing the key listener", e);
        }
        // what was learnt from the grid reaches the store before it may go
        storeWriter.shutdown();
        try {
            if (!storeWriter.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Key changes learnt from the grid were still being stored at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A virtual key, or (when configured) a JWT: told apart by shape, a JWT never reaches the key map. While the
     * start-up warm-up is open its secret is the warm-up caller; once closed that check is one volatile read.
     */
    @Override
    public Optional<Caller> authenticate(String presentedKey) {
        JwtVerifier verifier = jwt;
        if (verifier != null && presentedKey != null && JwtVerifier.looksLikeJwt(presentedKey)) {
            return verifier.verify(presentedKey);
        }
        Optional<Caller> warming = warmUp.authenticate(presentedKey);
        return warming.isPresent() ? warming : ring.authenticate(presentedKey);
    }

    @Override
    public String open() {
        return warmUp.open();
    }

    /** The secret, and the gateway's relay route to {@code mockModel} through {@code listener} when it makes one. */
    @Override
    public synchronized Opened open(URI listener, String mockModel) {
        closeRelay();
        String secret = warmUp.open();
        WarmUpRelay gateway = relay;
        String relayModel = gateway == null ? null : gateway.openRelay(listener, secret, mockModel).orElse(null);
        if (relayModel != null) {
            relayOpen = gateway;
        }
        return new Opened(secret, relayModel);
    }

    @Override
    public synchronized void close() {
        closeRelay();
        warmUp.close();
    }

    private void closeRelay() {
        WarmUpRelay opened = relayOpen;
        relayOpen = null;
        if (opened != null) {
            opened.closeRelay();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRelay(WarmUpRelay gateway) {
        relay = gateway;
    }

    void unbindRelay(WarmUpRelay gateway) {
        if (relay == gateway) {
            relay = null;
        }
    }

    /** A key's tenant (and project, if named) must exist: a key for a typo would count against nobody's limits. */
    @Override
    public IssuedKey create(KeySpec spec) {
        String tenant = spec.tenant() == null || spec.tenant().isBlank() ? DEFAULT_TENANT : spec.tenant().trim();
        if (directory.tenant(tenant).isEmpty()) {
            throw new IllegalArgumentException("tenant: no tenant '" + tenant + "'");
        }
        if (spec.project() != null && !spec.project().isBlank()
                && directory.project(tenant, spec.project().trim()).isEmpty()) {
            throw new IllegalArgumentException("project: no project '" + spec.project().trim() + "' in tenant '"
                    + tenant + "'");
        }
        return ring.create(spec);
    }

    @Override
    public Optional<IssuedKey> rotate(String keyId, Duration overlap) {
        return ring.rotate(keyId, overlap);
    }

    @Override
    public Optional<KeyInfo> get(String keyId) {
        return ring.get(keyId);
    }

    @Override
    public List<KeyInfo> list() {
        return ring.list();
    }

    @Override
    public boolean revoke(String keyId) {
        String tenant = ring.get(keyId).map(KeyInfo::tenant).orElse(null);
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

    @Override
    public List<Tenant> tenants() {
        return directory.tenants();
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return directory.tenant(id);
    }

    @Override
    public Tenant putTenant(String id, String name, Map<String, String> metadata) {
        return directory.putTenant(id, name, metadata);
    }

    @Override
    public boolean removeTenant(String id) {
        return directory.removeTenant(id);
    }

    @Override
    public List<Project> projects(String tenant) {
        return directory.projects(tenant);
    }

    @Override
    public Optional<Project> project(String tenant, String id) {
        return directory.project(tenant, id);
    }

    @Override
    public Project putProject(String tenant, String id, String name, Map<String, String> metadata) {
        return directory.putProject(tenant, id, name, metadata);
    }

    @Override
    public boolean removeProject(String tenant, String id) {
        return directory.removeProject(tenant, id);
    }

    @Override
    public List<User> users(String tenant) {
        return directory.users(tenant);
    }

    @Override
    public Optional<User> user(String tenant, String id) {
        return directory.user(tenant, id);
    }

    @Override
    public User putUser(String tenant, String id, String name, Role role, Map<String, String> metadata) {
        return directory.putUser(tenant, id, name, role, metadata);
    }

    @Override
    public boolean removeUser(String tenant, String id) {
        return directory.removeUser(tenant, id);
    }

    /** Grid map events into a node's view: a put or an update carries the value, a removal none. */
    private record GridListener(BiConsumer<String, String> apply) implements EntryAddedListener<String, String>,
            EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<String, String> event) {
            apply.accept(event.getKey(), event.getValue());
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<String, String> event) {
            apply.accept(event.getKey(), event.getValue());
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<String, String> event) {
            apply.accept(event.getKey(), null);
        }
    }
}
