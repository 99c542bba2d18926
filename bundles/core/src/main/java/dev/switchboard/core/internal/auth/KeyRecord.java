package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A stored key, without its secret: the grid holds these as JSON strings under the secret's hash
 * (the grid cannot load our classes).
 */
record KeyRecord(String id, String name, String tenant, boolean admin, long createdEpochMillis) {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    Caller caller() {
        return new Caller(id, name, tenant, admin);
    }

    ApiKeys.KeyInfo info() {
        return new ApiKeys.KeyInfo(id, name, tenant, admin, createdEpochMillis);
    }
}
