package dev.switchboard.core.api;

import java.util.Locale;

/**
 * What a key (or a shell session) may do. {@link #ADMIN}: everything. {@link #OPERATOR}: read everything and
 * operate providers (test, circuits, caches), no keys or tenants. {@link #TENANT_ADMIN}: keys, projects and users
 * of its own tenant only. {@link #APP}: inference only. Every role may send inference requests.
 * {@link Permissions} is the one place these rules are decided.
 */
public enum Role {
    ADMIN, OPERATOR, TENANT_ADMIN, APP;

    /** The role's name on the wire: {@code admin}, {@code operator}, {@code tenant-admin}, {@code app}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code admin}, {@code operator}, {@code tenant-admin} or {@code app} (case and '_'/'-' aside). */
    public static Role fromWire(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a role is required (admin, operator, tenant-admin, app)");
        }
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Role role : values()) {
            if (role.name().equals(normalized)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text.trim() + "' (admin, operator, tenant-admin, app)");
    }
}
