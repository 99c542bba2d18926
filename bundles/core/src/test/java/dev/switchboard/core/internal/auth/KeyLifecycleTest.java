package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.ApiKeys.KeySpec;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/** Keys with roles and settings: expiry, rotation with an overlap, revocation of every secret, stored hashed. */
public class KeyLifecycleTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private final MemoryKeyStore store = new MemoryKeyStore();
    private final ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();

    private KeyRing ring() {
        KeyRing ring = new KeyRing(grid, store, null, KeyRingTest.SECRET, now::get);
        ring.load();
        return ring;
    }

    private static KeySpec spec(long expires) {
        return new KeySpec("web app", "acme", "shop", null, Role.APP, expires, List.of("gpt-4o-mini", "route.fast"),
                Map.of("owner", "team-a"), List.of("beta", "eu"), CacheMode.KEY);
    }

    @Test
    public void aKeyCarriesItsSettingsIntoTheCallerAndNeverItsSecretIntoTheStore() {
        KeyRing ring = ring();
        ApiKeys.IssuedKey issued = ring.create(spec(0));
        Caller caller = ring.authenticate(issued.secret()).orElseThrow();
        assertThat(caller.tenant()).isEqualTo("acme");
        assertThat(caller.project()).isEqualTo("shop");
        assertThat(caller.role()).isEqualTo(Role.APP);
        assertThat(caller.tags()).containsExactly("beta", "eu");
        assertThat(caller.allowedModels()).isEqualTo(Set.of("gpt-4o-mini", "route.fast"));
        assertThat(caller.cacheMode()).isEqualTo(CacheMode.KEY);
        assertThat(caller.mayUse("gpt-4o")).isFalse();
        assertThat(ring.authenticate(issued.secret())).as("one caller per key, not one per request")
                .containsSame(caller);
        assertThat(store.dump()).doesNotContain(issued.secret());
        assertThat(ring.get(issued.info().id())).hasValueSatisfying(info -> {
            assertThat(info.metadata()).containsEntry("owner", "team-a");
            assertThat(info.toString()).doesNotContain(issued.secret());
        });
    }

    @Test
    public void anExpiredKeyIsRefused() {
        KeyRing ring = ring();
        String secret = ring.create(spec(now.get() + 60_000)).secret();
        assertThat(ring.authenticate(secret)).isPresent();
        now.addAndGet(60_000);
        assertThat(ring.authenticate(secret)).isEmpty();
    }

    @Test
    public void anExpiryInThePastOrABadSlugIsRefusedBeforeAnythingIsStored() {
        KeyRing ring = ring();
        assertThatThrownBy(() -> ring.create(spec(now.get() - 1))).hasMessageStartingWith("expires_at");
        assertThatThrownBy(() -> ring.create(KeySpec.of("x", "Acme Corp", Role.APP))).hasMessageStartingWith("tenant");
        assertThatThrownBy(() -> ring.create(KeySpec.of(" ", "acme", Role.APP))).hasMessageStartingWith("name");
        assertThat(store.active()).isEmpty();
    }

    @Test
    public void aRotatedKeysOldSecretWorksUntilTheOverlapEnds() {
        KeyRing ring = ring();
        ApiKeys.IssuedKey first = ring.create(spec(0));
        String id = first.info().id();

        ApiKeys.IssuedKey second = ring.rotate(id, Duration.ofSeconds(30)).orElseThrow();
        assertThat(second.info().id()).isEqualTo(id);
        assertThat(second.secret()).isNotEqualTo(first.secret());
        assertThat(second.info().previousSecretExpiresEpochMillis()).isEqualTo(now.get() + 30_000);
        assertThat(ring.authenticate(first.secret())).as("during the overlap").isPresent();
        assertThat(ring.authenticate(second.secret())).isPresent();
        assertThat(ring.list()).extracting(ApiKeys.KeyInfo::id).containsExactly(id);

        now.addAndGet(30_000);
        assertThat(ring.authenticate(first.secret())).as("after the overlap").isEmpty();
        assertThat(ring.authenticate(second.secret())).isPresent();
        assertThat(ring.get(id)).hasValueSatisfying(i -> assertThat(i.previousSecretExpiresEpochMillis()).isZero());

        assertThat(store.active()).as("the old secret's record stays until the next rotation").hasSize(2);
        ApiKeys.IssuedKey third = ring.rotate(id, Duration.ofSeconds(30)).orElseThrow();
        assertThat(store.active()).as("the secret past its overlap is swept").hasSize(2);
        assertThat(ring.authenticate(third.secret())).isPresent();
        assertThat(ring.authenticate(second.secret())).as("in its own overlap").isPresent();
        now.addAndGet(30_000);

        KeyRing restarted = new KeyRing(new ConcurrentHashMap<>(), store, null, KeyRingTest.SECRET, now::get);
        restarted.load();
        assertThat(restarted.authenticate(first.secret())).as("a restart keeps the overlap's end").isEmpty();
        assertThat(restarted.authenticate(second.secret())).isEmpty();
        assertThat(restarted.authenticate(third.secret())).isPresent();
    }

    @Test
    public void aRotationWithoutOverlapStopsTheOldSecretAtOnceAndRevokeStopsBoth() {
        KeyRing ring = ring();
        ApiKeys.IssuedKey first = ring.create(spec(0));
        ApiKeys.IssuedKey second = ring.rotate(first.info().id(), Duration.ZERO).orElseThrow();
        assertThat(ring.authenticate(first.secret())).isEmpty();
        ApiKeys.IssuedKey third = ring.rotate(first.info().id(), Duration.ofHours(1)).orElseThrow();
        assertThat(ring.authenticate(second.secret())).isPresent();

        assertThat(ring.revoke(first.info().id())).isTrue();
        assertThat(ring.authenticate(second.secret())).as("the secret in its overlap").isEmpty();
        assertThat(ring.authenticate(third.secret())).isEmpty();
        assertThat(store.active()).isEmpty();
        assertThat(ring.rotate(first.info().id(), Duration.ZERO)).isEmpty();
    }

    @Test
    public void recordsOfOlderVersionsStillReadAsAdminOrAppKeys() {
        KeyRecord old = KeyRecord.fromJson("{\"id\":\"key_1\",\"name\":\"n\",\"tenant\":\"default\",\"admin\":true,"
                + "\"createdEpochMillis\":5}");
        assertThat(old.caller().role()).isEqualTo(Role.ADMIN);
        assertThat(old.caller().allowedModels()).isEmpty();
        assertThat(KeyRecord.fromJson("{\"id\":\"key_2\",\"name\":\"n\",\"tenant\":\"t\",\"admin\":false,"
                + "\"createdEpochMillis\":5,\"some_future_field\":1}").caller().role()).isEqualTo(Role.APP);
    }
}
