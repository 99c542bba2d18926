package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.api.GatewayException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /admin/instances} read into the properties of a {@code dev.switchboard.instance} factory
 * configuration, the same keys an {@code etc/dev.switchboard.instance-<id>.cfg} file holds: {@code id},
 * {@code type}, {@code base_url} ({@code base.url}), {@code api_key} ({@code api.key}), {@code models} (a list or
 * one comma-separated string, the {@code ModelSpecs} form), {@code weight}, and {@code settings} (string values,
 * passed to the provider as in the file). Every bad value is a 400 naming the field.
 */
record InstanceRequest(String id, String type, String baseUrl, String apiKey, List<String> models, int weight,
                       Map<String, String> settings) {

    static final String FACTORY_PID = "dev.switchboard.instance";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final List<String> RESERVED = List.of("id", "type", "base.url", "api.key", "models", "weight");
    private static final List<String> RESERVED_PREFIXES = List.of("service.", "component.", "felix.", "osgi.");
    private static final List<String> SECRET_WORDS = List.of("key", "secret", "token", "password", "credential");
    static final String REDACTED = "***";

    static InstanceRequest read(JsonNode body, Collection<String> knownTypes) {
        if (body == null || !body.isObject()) {
            throw invalid(null, "The body must be a JSON object.");
        }
        String id = text(body, "id", true);
        if (!ID.matcher(id).matches()) {
            throw invalid("id", "'id' must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        String type = text(body, "type", true);
        if (!knownTypes.contains(type)) {
            throw new GatewayException(400, "invalid_request_error", "unknown_provider_type", "type",
                    "No provider of type '" + shortened(type) + "' is installed; installed: "
                            + String.join(", ", knownTypes.stream().sorted().toList()) + ".", null);
        }
        String baseUrl = text(body, "base_url", false);
        if (baseUrl != null && !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw invalid("base_url", "'base_url' must be an http:// or https:// URL.");
        }
        String apiKey = text(body, "api_key", false);
        List<String> models = models(body.get("models"));
        int weight = 1;
        JsonNode weightNode = body.get("weight");
        if (weightNode != null && !weightNode.isNull()) {
            if (!weightNode.canConvertToInt() || !weightNode.isIntegralNumber() || weightNode.intValue() < 0) {
                throw invalid("weight", "'weight' must be a whole number, 0 or more.");
            }
            weight = weightNode.intValue();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode settingsNode = body.get("settings");
        if (settingsNode != null && !settingsNode.isNull()) {
            if (!settingsNode.isObject()) {
                throw invalid("settings", "'settings' must be an object of strings.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = settingsNode.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                if (key.isBlank() || RESERVED.contains(key) || RESERVED_PREFIXES.stream().anyMatch(key::startsWith)) {
                    throw invalid("settings", "'settings' may not set '" + shortened(key) + "'.");
                }
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    throw invalid("settings", "'settings." + shortened(key) + "' must be a string, number or boolean.");
                }
                settings.put(key, field.getValue().asText());
            }
        }
        return new InstanceRequest(id, type, baseUrl, apiKey, models, weight, settings);
    }

    /** The factory configuration's properties, as the file in etc/ would give them. */
    Dictionary<String, Object> properties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("id", id);
        properties.put("type", type);
        if (baseUrl != null) {
            properties.put("base.url", baseUrl);
        }
        if (apiKey != null) {
            properties.put("api.key", apiKey);
        }
        if (!models.isEmpty()) {
            properties.put("models", models.toArray(String[]::new));
        }
        properties.put("weight", String.valueOf(weight));
        settings.forEach(properties::put);
        return properties;
    }

    /** Whether a setting's value is shown as {@value #REDACTED}: its name says it holds a secret. */
    static boolean secret(String settingKey) {
        String lower = settingKey.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }

    private static List<String> models(JsonNode node) {
        List<String> models = new ArrayList<>();
        if (node == null || node.isNull()) {
            return models;
        }
        if (node.isTextual()) {
            for (String model : node.asText().split(",")) {
                if (!model.isBlank()) {
                    models.add(model.trim());
                }
            }
            return models;
        }
        if (!node.isArray()) {
            throw invalid("models", "'models' must be a list of strings or one comma-separated string.");
        }
        for (JsonNode model : node) {
            if (!model.isTextual() || model.asText().isBlank()) {
                throw invalid("models", "'models' must be a list of non-empty strings.");
            }
            models.add(model.asText().trim());
        }
        return models;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                throw invalid(field, "'" + field + "' is required.");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, "'" + field + "' must be a string.");
        }
        return node.asText().trim();
    }

    private static String shortened(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    static GatewayException invalid(String param, String message) {
        return new GatewayException(400, "invalid_request_error", "invalid_parameter", param, message, null);
    }
}
