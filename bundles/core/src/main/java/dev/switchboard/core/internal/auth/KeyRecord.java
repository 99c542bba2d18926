package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stored key, without its secret: the grid holds these as JSON strings under the secret's hash
 * (the grid cannot load our classes). Records of older versions (id, name, tenant, admin, created) read as an
 * admin or app key with no further settings. {@code admin} is still written, for nodes of older versions.
 * {@code previous}: the old secret of a rotated key, working until {@code expiresEpochMillis} (the overlap).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record KeyRecord(String id, String name, String tenant, boolean admin, long createdEpochMillis, String role,
                 String project, String user, long expiresEpochMillis, List<String> allowedModels,
                 Map<String, String> metadata, List<String> tags, String cache, boolean previous) {

    private static final ObjectMapper JSON = new ObjectMapper();

    KeyRecord {
        allowedModels = allowedModels == null ? List.of() : List.copyOf(allowedModels);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** A key as versions before roles knew it. */
    KeyRecord(String id, String name, String tenant, boolean admin, long createdEpochMillis) {
        this(id, name, tenant, admin, createdEpochMillis, null, null, null, 0, List.of(), Map.of(), List.of(), null,
                false);
    }

    static KeyRecord of(String id, ApiKeys.KeySpec spec, long createdEpochMillis) {
        return new KeyRecord(id, spec.name(), spec.tenant(), spec.role() == Role.ADMIN, createdEpochMillis,
                spec.role().wireName(), spec.project(), spec.user(), spec.expiresEpochMillis(), spec.allowedModels(),
                spec.metadata(), spec.tags(), spec.cache().wireName(), false);
    }

    Role resolvedRole() {
        return role == null ? (admin ? Role.ADMIN : Role.APP) : Role.fromWire(role);
    }

    /** The same key under a new secret: the same settings, not previous. */
    KeyRecord current() {
        return new KeyRecord(id, name, tenant, admin, createdEpochMillis, role, project, user, expiresEpochMillis,
                allowedModels, metadata, tags, cache, false);
    }

    /** This record as the old secret of a rotation: it stops at {@code until} (or its own expiry, if sooner). */
    KeyRecord previousUntil(long until) {
        long end = expiresEpochMillis == 0 ? until : Math.min(expiresEpochMillis, until);
        return new KeyRecord(id, name, tenant, admin, createdEpochMillis, role, project, user, end, allowedModels,
                metadata, tags, cache, true);
    }

    boolean expiredAt(long nowMillis) {
        return expiresEpochMillis != 0 && nowMillis >= expiresEpochMillis;
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyRecord fromJson(String json) {
        try {
            return JSON.readValue(json, KeyRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Built once per key when it enters a node's view, not per request. */
    Caller caller() {
        return new Caller(id, name, tenant, resolvedRole(), project, user, null, tags,
                Set.copyOf(new LinkedHashSet<>(allowedModels)), CacheMode.fromWire(cache), null);
    }

    ApiKeys.KeyInfo info(long previousSecretExpiresEpochMillis) {
        return new ApiKeys.KeyInfo(id, name, tenant, project, user, resolvedRole(), createdEpochMillis,
                expiresEpochMillis, allowedModels, metadata, tags, CacheMode.fromWire(cache),
                previousSecretExpiresEpochMillis);
    }
}
