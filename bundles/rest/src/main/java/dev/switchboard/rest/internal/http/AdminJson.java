package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.core.api.Directory;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * What the admin endpoints share (the body itself is {@link AdminBody}'s): typed fields with a 400 naming the
 * field, the core's {@link IllegalArgumentException} as a 400 and {@link IllegalStateException} as a 409, and
 * answers with {@code Cache-Control: no-store} (a key's secret is in one of them). Not the request path: a tree
 * is fine here.
 */
final class AdminJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminJson() {
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be a string.");
        }
        return value.asText();
    }

    static String requiredText(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null || value.isBlank()) {
            throw GatewayException.invalidRequest(field, "'" + field + "' is required.");
        }
        return value;
    }

    static long wholeNumber(JsonNode body, String field, long absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be a whole number, zero or more.");
        }
        return value.asLong();
    }

    static List<String> strings(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be an array of strings.");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw GatewayException.invalidRequest(field, "'" + field + "' must be an array of strings.");
            }
            strings.add(item.asText());
        }
        return strings;
    }

    static Map<String, String> stringMap(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be an object of strings.");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw GatewayException.invalidRequest(field, "'" + field + "' must be an object of strings.");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    /**
     * Runs a core call: its {@link IllegalArgumentException} (message {@code field: reason}) becomes a 400 naming
     * the field, its {@link IllegalStateException} a 409.
     */
    static <T> T core(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid request" : e.getMessage();
            int colon = message.indexOf(':');
            String param = colon > 0 && colon < 40 && message.substring(0, colon).matches("[a-z_]+")
                    ? message.substring(0, colon) : null;
            throw GatewayException.invalidRequest(param, message);
        } catch (IllegalStateException e) {
            throw new GatewayException(409, "invalid_request_error", "conflict", null, e.getMessage(), null);
        }
    }

    static GatewayException notFound(String what) {
        return new GatewayException(404, "invalid_request_error", "not_found", null, what + " not found.", null);
    }

    static void write(HttpServletResponse response, int status, Object value) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        MAPPER.writeValue(response.getOutputStream(), value);
    }

    /** Epoch seconds, or null for "never" (0). */
    static Long seconds(long epochMillis) {
        return epochMillis == 0 ? null : epochMillis / 1000;
    }

    static Map<String, Object> key(ApiKeys.KeyInfo key) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", key.id());
        json.put("name", key.name());
        json.put("tenant", key.tenant());
        json.put("project", key.project());
        json.put("user", key.user());
        json.put("role", key.role().wireName());
        json.put("created_at", seconds(key.createdEpochMillis()));
        json.put("expires_at", seconds(key.expiresEpochMillis()));
        json.put("allowed_models", key.allowedModels());
        json.put("metadata", key.metadata());
        json.put("tags", key.tags());
        json.put("cache", key.cache().wireName());
        json.put("previous_secret_expires_at", seconds(key.previousSecretExpiresEpochMillis()));
        return json;
    }

    static Map<String, Object> issued(ApiKeys.IssuedKey issued) {
        Map<String, Object> json = key(issued.info());
        json.put("secret", issued.secret());
        return json;
    }

    static Map<String, Object> tenant(Directory.Tenant tenant) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", tenant.id());
        json.put("name", tenant.name());
        json.put("created_at", seconds(tenant.createdEpochMillis()));
        json.put("metadata", tenant.metadata());
        return json;
    }

    static Map<String, Object> project(Directory.Project project) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", project.id());
        json.put("tenant", project.tenant());
        json.put("name", project.name());
        json.put("created_at", seconds(project.createdEpochMillis()));
        json.put("metadata", project.metadata());
        return json;
    }

    static Map<String, Object> user(Directory.User user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("tenant", user.tenant());
        json.put("name", user.name());
        json.put("role", user.role().wireName());
        json.put("created_at", seconds(user.createdEpochMillis()));
        json.put("metadata", user.metadata());
        return json;
    }

    /** {@code {"object":"list","data":[...]}}, as OpenAI lists. */
    static Map<String, Object> list(List<?> data) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "list");
        json.put("data", data);
        return json;
    }

    /** The path after the servlet's pattern, split on '/', without empty segments. */
    static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        List<String> segments = new ArrayList<>();
        if (info != null) {
            for (String part : info.split("/")) {
                if (!part.isEmpty()) {
                    segments.add(part);
                }
            }
        }
        return segments;
    }
}
