package dev.switchboard.store;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable truth of tenants, their projects and their users. Calls block on the database: they are made by
 * administration, never on the request path (core keeps every node's view in memory).
 */
@ProviderType
public interface DirectoryStore {

    String TENANT = "tenant";
    String PROJECT = "project";
    String USER = "user";

    /**
     * One row: {@code kind} is {@link #TENANT}, {@link #PROJECT} or {@link #USER}; a tenant's {@code tenant} is its
     * own id; {@code role} is a user's, null otherwise; {@code metadataJson} a JSON object or null.
     */
    record Entry(String kind, String tenant, String id, String name, String role, long createdEpochMillis,
                 String metadataJson) {
    }

    List<Entry> all();

    /** Stores or replaces the row of this kind, tenant and id. */
    void put(Entry entry);

    /** False when there was no such row. */
    boolean remove(String kind, String tenant, String id);
}
