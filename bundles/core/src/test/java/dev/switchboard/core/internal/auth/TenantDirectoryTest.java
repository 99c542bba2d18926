package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.Role;
import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.Test;

public class TenantDirectoryTest {

    private final MemoryDirectoryStore store = new MemoryDirectoryStore();
    private final ConcurrentHashMap<String, String> grid = new ConcurrentHashMap<>();

    private TenantDirectory directory() {
        TenantDirectory directory = new TenantDirectory(grid, store, KeyRingTest.SECRET);
        directory.load();
        return directory;
    }

    @Test
    public void theDefaultTenantAlwaysExistsAndCannotBeRemoved() {
        TenantDirectory directory = directory();
        assertThat(directory.tenant(Directory.DEFAULT_TENANT)).isPresent();
        assertThatThrownBy(() -> directory.removeTenant(Directory.DEFAULT_TENANT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    public void tenantsProjectsAndUsersAreKeptAndSurviveAFullRestart() {
        TenantDirectory directory = directory();
        directory.putTenant("acme", "Acme", Map.of("tier", "gold"));
        directory.putProject("acme", "shop", "Shop", Map.of());
        directory.putUser("acme", "ann", "Ann", Role.TENANT_ADMIN, Map.of());
        assertThat(directory.projects("acme")).extracting(Directory.Project::id).containsExactly("shop");
        assertThat(directory.projects("other")).isEmpty();

        grid.clear(); // every node stopped: the grid is empty, the store is the truth
        TenantDirectory restarted = directory();
        assertThat(restarted.tenant("acme")).hasValueSatisfying(t -> assertThat(t.metadata()).containsEntry("tier", "gold"));
        assertThat(restarted.user("acme", "ann")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Role.TENANT_ADMIN));
    }

    @Test
    public void aTenantWithProjectsOrKeysIsNotRemovedAndBadIdsAreRefused() {
        TenantDirectory directory = directory();
        directory.putTenant("acme", "Acme", Map.of());
        directory.putProject("acme", "shop", null, null);
        assertThatThrownBy(() -> directory.removeTenant("acme")).isInstanceOf(IllegalStateException.class);
        directory.removeProject("acme", "shop");
        directory.tenantHasKeys("acme"::equals);
        assertThatThrownBy(() -> directory.removeTenant("acme")).isInstanceOf(IllegalStateException.class);
        directory.tenantHasKeys(t -> false);
        assertThat(directory.removeTenant("acme")).isTrue();
        assertThat(directory.removeTenant("acme")).isFalse();

        assertThatThrownBy(() -> directory.putTenant("Acme Corp", null, null)).hasMessageStartingWith("id");
        assertThatThrownBy(() -> directory.putTenant("a/b", null, null)).hasMessageStartingWith("id");
        assertThatThrownBy(() -> directory.putProject("nobody", "p", null, null)).hasMessageStartingWith("tenant");
    }

    @Test
    public void aRecordSignedUnderAnotherSecretOrMovedToAnotherKeyIsIgnored() {
        TenantDirectory directory = directory();
        directory.putTenant("acme", "Acme", Map.of());
        directory.putUser("acme", "ann", "Ann", Role.APP, Map.of());
        ConcurrentHashMap<String, String> forgersGrid = new ConcurrentHashMap<>();
        TenantDirectory forger = new TenantDirectory(forgersGrid, new MemoryDirectoryStore(),
                ClusterSecret.of("another-secret-entirely-here".getBytes(StandardCharsets.UTF_8)));
        forger.load();
        forger.putTenant("acme", "Acme", Map.of());
        forger.putUser("acme", "ann", "Ann", Role.ADMIN, Map.of());

        directory.applyRemote("u/acme/ann", forgersGrid.get("u/acme/ann"));
        assertThat(directory.user("acme", "ann")).as("a forged record takes the entry out, never in").isEmpty();

        // a genuine record of another user moved under ann's key does not verify either
        directory.putUser("acme", "bob", "Bob", Role.ADMIN, Map.of());
        directory.applyRemote("u/acme/ann", grid.get("u/acme/bob"));
        assertThat(directory.user("acme", "ann")).isEmpty();
    }
}
