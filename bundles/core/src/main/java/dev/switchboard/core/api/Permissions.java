package dev.switchboard.core.api;

/**
 * Who may do what, decided in this one place for the REST API, the shell and the pipeline. A tenant-admin is
 * bound to its own tenant: asked about another, every check says no, and the refusal does not say whether
 * that tenant exists. The {@code require*} forms throw the 403 every admin endpoint answers.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Read what belongs to {@code tenant} (its keys, projects, users, usage, limits). */
    public static boolean mayRead(Caller caller, String tenant) {
        return switch (caller.role()) {
            case ADMIN, OPERATOR -> true;
            case TENANT_ADMIN -> sameTenant(caller, tenant);
            case APP -> false;
        };
    }

    /** Change what belongs to {@code tenant} (create, rotate, revoke its keys; its projects, users, limits). */
    public static boolean mayManage(Caller caller, String tenant) {
        return switch (caller.role()) {
            case ADMIN -> true;
            case TENANT_ADMIN -> sameTenant(caller, tenant);
            case OPERATOR, APP -> false;
        };
    }

    /** Read what spans tenants: the list of tenants, gateway stats, metrics, cache counters. */
    public static boolean mayReadAll(Caller caller) {
        return caller.role() == Role.ADMIN || caller.role() == Role.OPERATOR;
    }

    /** Provider operations: test an instance, reset circuits, clear or warm caches, pin an instance. */
    public static boolean mayOperate(Caller caller) {
        return caller.role() == Role.ADMIN || caller.role() == Role.OPERATOR;
    }

    /** Create or remove tenants, and anything that grants a cross-tenant role. */
    public static boolean mayAdminister(Caller caller) {
        return caller.role() == Role.ADMIN;
    }

    /**
     * Give a key (or user) {@code role} in {@code tenant}: an admin any role anywhere; a tenant-admin only
     * tenant-admin or app, in its own tenant. Nobody hands out more than they hold.
     */
    public static boolean mayGrant(Caller caller, Role role, String tenant) {
        if (caller.role() == Role.ADMIN) {
            return true;
        }
        return caller.role() == Role.TENANT_ADMIN && sameTenant(caller, tenant)
                && (role == Role.TENANT_ADMIN || role == Role.APP);
    }

    public static void requireRead(Caller caller, String tenant) {
        if (!mayRead(caller, tenant)) {
            throw denied();
        }
    }

    public static void requireManage(Caller caller, String tenant) {
        if (!mayManage(caller, tenant)) {
            throw denied();
        }
    }

    public static void requireReadAll(Caller caller) {
        if (!mayReadAll(caller)) {
            throw denied();
        }
    }

    public static void requireOperate(Caller caller) {
        if (!mayOperate(caller)) {
            throw denied();
        }
    }

    public static void requireAdminister(Caller caller) {
        if (!mayAdminister(caller)) {
            throw denied();
        }
    }

    public static void requireGrant(Caller caller, Role role, String tenant) {
        if (!mayGrant(caller, role, tenant)) {
            throw new GatewayException(403, "permission_error", "role_not_grantable", "role",
                    "This key may not grant the role '" + role.wireName() + "' here.", null);
        }
    }

    /** The 403 of every refused admin operation; it names neither the tenant nor whether it exists. */
    public static GatewayException denied() {
        return new GatewayException(403, "permission_error", "permission_denied", null,
                "This key's role does not allow this operation.", null);
    }

    private static boolean sameTenant(Caller caller, String tenant) {
        return tenant != null && tenant.equals(caller.tenant());
    }
}
