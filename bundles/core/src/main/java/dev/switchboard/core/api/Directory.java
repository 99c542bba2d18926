package dev.switchboard.core.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants (organisations), their projects and their users, as every node holds them: reads are local map reads
 * (no grid round trip), changes go to the store, then the grid, which tells every node. Ids are slugs
 * ({@code [a-z0-9][a-z0-9._-]{0,63}}) chosen by the caller; a project's and a user's id is unique within its
 * tenant. These do not check permissions: callers ask {@link Permissions} first. Bad input is an
 * {@link IllegalArgumentException}; a conflict (a tenant that still has keys, projects or users) an
 * {@link IllegalStateException}.
 */
public interface Directory {

    /** The tenant every key without one belongs to; it always exists. */
    String DEFAULT_TENANT = "default";

    List<Tenant> tenants();

    Optional<Tenant> tenant(String id);

    /** Creates or replaces (name, metadata) a tenant; keeps the creation time of an existing one. */
    Tenant putTenant(String id, String name, Map<String, String> metadata);

    /** Removes a tenant with no keys, projects or users left; false when there was none. */
    boolean removeTenant(String id);

    List<Project> projects(String tenant);

    Optional<Project> project(String tenant, String id);

    Project putProject(String tenant, String id, String name, Map<String, String> metadata);

    boolean removeProject(String tenant, String id);

    List<User> users(String tenant);

    Optional<User> user(String tenant, String id);

    User putUser(String tenant, String id, String name, Role role, Map<String, String> metadata);

    boolean removeUser(String tenant, String id);

    record Tenant(String id, String name, long createdEpochMillis, Map<String, String> metadata) {
    }

    record Project(String tenant, String id, String name, long createdEpochMillis, Map<String, String> metadata) {
    }

    /** A person or service of a tenant; {@code role} is what a JWT naming this user would be granted. */
    record User(String tenant, String id, String name, Role role, long createdEpochMillis,
                Map<String, String> metadata) {
    }
}
