package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.Test;

public class PermissionsTest {

    private static Caller caller(Role role, String tenant) {
        return new Caller("key_" + role, "k", tenant, role, null, null, null, List.of(), Set.of(), CacheMode.DEFAULT,
                null);
    }

    private final Caller admin = caller(Role.ADMIN, "default");
    private final Caller operator = caller(Role.OPERATOR, "default");
    private final Caller acmeAdmin = caller(Role.TENANT_ADMIN, "acme");
    private final Caller acmeApp = caller(Role.APP, "acme");

    @Test
    public void aTenantAdminReadsAndManagesItsOwnTenantOnly() {
        assertThat(Permissions.mayRead(acmeAdmin, "acme")).isTrue();
        assertThat(Permissions.mayManage(acmeAdmin, "acme")).isTrue();
        assertThat(Permissions.mayRead(acmeAdmin, "globex")).isFalse();
        assertThat(Permissions.mayManage(acmeAdmin, "globex")).isFalse();
        assertThat(Permissions.mayRead(acmeAdmin, null)).isFalse();
        assertThat(Permissions.mayReadAll(acmeAdmin)).isFalse();
        assertThat(Permissions.mayOperate(acmeAdmin)).isFalse();
        assertThatThrownBy(() -> Permissions.requireRead(acmeAdmin, "globex"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).doesNotContain("globex");
                });
    }

    @Test
    public void anOperatorReadsEverythingAndOperatesButChangesNoKeysOrTenants() {
        assertThat(Permissions.mayRead(operator, "acme")).isTrue();
        assertThat(Permissions.mayReadAll(operator)).isTrue();
        assertThat(Permissions.mayOperate(operator)).isTrue();
        assertThat(Permissions.mayManage(operator, "acme")).isFalse();
        assertThat(Permissions.mayAdminister(operator)).isFalse();
        assertThat(Permissions.mayGrant(operator, Role.APP, "acme")).isFalse();
    }

    @Test
    public void anAppKeyMayDoNothingAdministrative() {
        assertThat(Permissions.mayRead(acmeApp, "acme")).isFalse();
        assertThat(Permissions.mayManage(acmeApp, "acme")).isFalse();
        assertThat(Permissions.mayOperate(acmeApp)).isFalse();
        assertThat(Permissions.mayReadAll(acmeApp)).isFalse();
    }

    @Test
    public void nobodyGrantsMoreThanTheyHold() {
        assertThat(Permissions.mayGrant(admin, Role.ADMIN, "acme")).isTrue();
        assertThat(Permissions.mayGrant(acmeAdmin, Role.APP, "acme")).isTrue();
        assertThat(Permissions.mayGrant(acmeAdmin, Role.TENANT_ADMIN, "acme")).isTrue();
        assertThat(Permissions.mayGrant(acmeAdmin, Role.OPERATOR, "acme")).isFalse();
        assertThat(Permissions.mayGrant(acmeAdmin, Role.ADMIN, "acme")).isFalse();
        assertThat(Permissions.mayGrant(acmeAdmin, Role.APP, "globex")).isFalse();
    }

    @Test
    public void requestContextFromHeadersNeverOverridesTheKeysUserAndCostsNothingWithout() {
        Caller keyed = new Caller("k", "k", "acme", Role.APP, null, "svc-user", null, List.of(), Set.of(),
                CacheMode.DEFAULT, null);
        assertThat(keyed.within(null, null)).isSameAs(keyed);
        assertThat(keyed.within("mallory", null).user()).isEqualTo("svc-user");
        assertThat(keyed.within("mallory", "s-1").session()).isEqualTo("s-1");
        assertThat(acmeApp.within("u-7", " ").user()).isEqualTo("u-7");
        assertThat(acmeApp.within("", null)).isSameAs(acmeApp);
        Caller tagged = new Caller("k", "k", "acme", Role.APP, null, null, null, List.of("key-tag"), Set.of(),
                CacheMode.DEFAULT, null);
        assertThat(tagged.tagged(List.of())).isSameAs(tagged);
        assertThat(tagged.tagged(List.of("eu", "key-tag")).tags()).containsExactly("key-tag", "eu");
    }
}
