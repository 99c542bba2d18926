package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.RouteListing;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Routes in the admin API: {@code {"alias","models":[..],"strategy","timeout_ms","max_attempts","retry_backoff_ms",
 * "fallback_text","cache"}} in ({@code cache}: on, exact or off); the same plus {@code source}, {@code instances} and {@code active} out. An absent or null
 * setting inherits the gateway's. Any other field, or a field of the wrong type, is a 400 naming it.
 */
public final class RouteJson {

    private static final Set<String> FIELDS = Set.of("alias", "models", "strategy", "timeout_ms", "max_attempts",
            "retry_backoff_ms", "fallback_text", "cache");

    private RouteJson() {
    }

    /** The route in the body (a JSON object, read by the servlet); {@code alias} from the path wins over (and must agree with) the body's. */
    public static RouteDefinition read(ObjectNode root, String pathAlias) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw GatewayException.invalidRequest(name, "Unknown field '" + name + "'.");
            }
        }
        String alias = text(root, "alias");
        if (pathAlias != null) {
            if (alias != null && !alias.equals(pathAlias)) {
                throw GatewayException.invalidRequest("alias", "The body's alias differs from the path's.");
            }
            alias = pathAlias;
        }
        if (alias == null) {
            throw GatewayException.invalidRequest("alias", "A route needs an alias.");
        }
        JsonNode models = root.get("models");
        if (models == null || !models.isArray()) {
            throw GatewayException.invalidRequest("models", "'models' must be an array of model names.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode model : models) {
            if (!model.isTextual()) {
                throw GatewayException.invalidRequest("models", "'models' must be an array of model names.");
            }
            names.add(model.asText());
        }
        return new RouteDefinition(alias, names, text(root, "strategy"), number(root, "timeout_ms", 0),
                (int) number(root, "max_attempts", 0), number(root, "retry_backoff_ms", RouteDefinition.DEFAULT_BACKOFF),
                text(root, "fallback_text"), text(root, "cache"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be a string.");
        }
        return value.asText();
    }

    private static long number(JsonNode root, String field, long absent) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0
                || value.asLong() > Integer.MAX_VALUE) {
            throw GatewayException.invalidRequest(field, "'" + field + "' must be a whole number of at least 0.");
        }
        return value.asLong();
    }

    public static void writeList(List<RouteListing> routes, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("object", "list");
            gen.writeArrayFieldStart("data");
            for (RouteListing route : routes) {
                write(route, gen);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
    }

    public static void writeOne(RouteListing route, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            write(route, gen);
        }
    }

    public static void writeDeleted(String alias, OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("alias", alias);
            gen.writeBooleanField("deleted", true);
            gen.writeEndObject();
        }
    }

    private static void write(RouteListing listing, JsonGenerator gen) throws IOException {
        RouteDefinition route = listing.definition();
        gen.writeStartObject();
        gen.writeStringField("alias", route.alias());
        gen.writeArrayFieldStart("models");
        for (String model : route.models()) {
            gen.writeString(model);
        }
        gen.writeEndArray();
        gen.writeStringField("strategy", route.strategy());
        writeSetting(gen, "timeout_ms", route.timeoutMillis(), route.timeoutMillis() > 0);
        writeSetting(gen, "max_attempts", route.maxAttempts(), route.maxAttempts() > 0);
        writeSetting(gen, "retry_backoff_ms", route.retryBackoffMillis(), route.retryBackoffMillis() >= 0);
        gen.writeStringField("fallback_text", route.fallbackText());
        gen.writeStringField("cache", route.cache() == null ? "on" : route.cache());
        gen.writeStringField("source", listing.source());
        gen.writeArrayFieldStart("instances");
        for (String instance : listing.instances()) {
            gen.writeString(instance);
        }
        gen.writeEndArray();
        gen.writeBooleanField("active", listing.active());
        gen.writeEndObject();
    }

    /** A setting the route does not set is null: it inherits the gateway's. */
    private static void writeSetting(JsonGenerator gen, String field, long value, boolean set) throws IOException {
        if (set) {
            gen.writeNumberField(field, value);
        } else {
            gen.writeNullField(field);
        }
    }
}
