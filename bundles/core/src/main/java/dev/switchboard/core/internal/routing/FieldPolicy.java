package dev.switchboard.core.internal.routing;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.InstanceConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an operator lets reach one provider instance, from its settings: {@code field.deny} (fields that
 * must not be sent), {@code field.max.<name>} (the largest number a field may carry, e.g.
 * {@code field.max.n = 4}) and {@code field.allowed.<name>} (the values a field may take, e.g.
 * {@code field.allowed.service_tier = default,auto}). Names are the OpenAI body's; a field not sent (or
 * sent as JSON null) passes every rule. Parsed once, when the routing table is built; checking a request
 * is a few map look-ups.
 */
public final class FieldPolicy {

    public static final String PREFIX = "field.";
    public static final String DENY = PREFIX + "deny";
    public static final String MAX = PREFIX + "max.";
    public static final String ALLOWED = PREFIX + "allowed.";

    public static final FieldPolicy NONE = new FieldPolicy(List.of(), Map.of(), Map.of());
    private static final FieldPolicy REFUSE_ALL = new FieldPolicy(List.of(), Map.of(), Map.of());
    private static final Violation REFUSED = new Violation(null,
            "This deployment is misconfigured and accepts no requests right now.");

    private final List<String> denied;
    private final Map<String, BigDecimal> maxima;
    private final Map<String, Set<String>> allowed;

    private FieldPolicy(List<String> denied, Map<String, BigDecimal> maxima, Map<String, Set<String>> allowed) {
        this.denied = denied;
        this.maxima = maxima;
        this.allowed = allowed;
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    public static FieldPolicy of(InstanceConfig config) {
        List<String> denied = new ArrayList<>();
        Map<String, BigDecimal> maxima = new LinkedHashMap<>();
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        config.settings().forEach((key, value) -> {
            if (key.equals(DENY)) {
                denied.addAll(list(value));
            } else if (key.startsWith(MAX) && key.length() > MAX.length()) {
                try {
                    maxima.put(key.substring(MAX.length()), new BigDecimal(value.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
                }
            } else if (key.startsWith(ALLOWED) && key.length() > ALLOWED.length()) {
                allowed.put(key.substring(ALLOWED.length()), Set.copyOf(list(value)));
            } else if (key.startsWith(PREFIX)) {
                throw new IllegalArgumentException("unknown field policy setting " + key
                        + " (use " + DENY + ", " + MAX + "<field> or " + ALLOWED + "<field>)");
            }
        });
        if (denied.isEmpty() && maxima.isEmpty() && allowed.isEmpty()) {
            return NONE;
        }
        return new FieldPolicy(List.copyOf(denied), Map.copyOf(maxima), Map.copyOf(allowed));
    }

    /** For an instance whose settings do not parse: it fails closed, never open. */
    static FieldPolicy denyingAll() {
        return REFUSE_ALL;
    }

    public boolean isEmpty() {
        return this == NONE;
    }

    /** The first rule {@code request} breaks, or null when this instance may be sent it. */
    public Violation check(ChatRequest request) {
        if (this == NONE) {
            return null;
        }
        if (this == REFUSE_ALL) {
            return REFUSED;
        }
        for (String field : denied) {
            if (value(request, field) != null) {
                return new Violation(field, "'" + field + "' is not accepted by this deployment.");
            }
        }
        for (Map.Entry<String, BigDecimal> max : maxima.entrySet()) {
            Object value = value(request, max.getKey());
            if (value != null && !(value instanceof Number number && atMost(number, max.getValue()))) {
                return new Violation(max.getKey(), "Invalid '" + max.getKey() + "': this deployment accepts at most "
                        + max.getValue().toPlainString() + ", but got " + shortly(value) + " instead.");
            }
        }
        for (Map.Entry<String, Set<String>> values : allowed.entrySet()) {
            Object value = value(request, values.getKey());
            if (value != null && !(isScalar(value) && values.getValue().contains(value.toString()))) {
                return new Violation(values.getKey(), "Invalid '" + values.getKey() + "': this deployment accepts "
                        + String.join(", ", values.getValue().stream().sorted().toList()) + ", but got "
                        + shortly(value) + " instead.");
            }
        }
        return null;
    }

    /** {@link #check(ChatRequest)} for a request of another endpoint, whose fields are read by OpenAI name. */
    public Violation check(java.util.function.Function<String, Object> fields) {
        if (this == NONE) {
            return null;
        }
        if (this == REFUSE_ALL) {
            return REFUSED;
        }
        for (String field : denied) {
            if (fields.apply(field) != null) {
                return new Violation(field, "'" + field + "' is not accepted by this deployment.");
            }
        }
        for (Map.Entry<String, BigDecimal> max : maxima.entrySet()) {
            Object value = fields.apply(max.getKey());
            if (value != null && !(value instanceof Number number && atMost(number, max.getValue()))) {
                return new Violation(max.getKey(), "Invalid '" + max.getKey() + "': this deployment accepts at most "
                        + max.getValue().toPlainString() + ", but got " + shortly(value) + " instead.");
            }
        }
        for (Map.Entry<String, Set<String>> values : allowed.entrySet()) {
            Object value = fields.apply(values.getKey());
            if (value != null && !(isScalar(value) && values.getValue().contains(value.toString()))) {
                return new Violation(values.getKey(), "Invalid '" + values.getKey() + "': this deployment accepts "
                        + String.join(", ", values.getValue().stream().sorted().toList()) + ", but got "
                        + shortly(value) + " instead.");
            }
        }
        return null;
    }

    /** A field of the body by its OpenAI name, whether core keeps it in a record field or in extensions. */
    private static Object value(ChatRequest request, String field) {
        return switch (field) {
            case "temperature" -> request.temperature();
            case "top_p" -> request.topP();
            case "max_tokens", "max_completion_tokens" -> request.maxTokens();
            case "seed" -> request.seed();
            case "user" -> request.user();
            case "stop" -> request.stop().isEmpty() ? null : request.stop();
            case "stream" -> request.stream() ? Boolean.TRUE : null;
            default -> request.extensions().get(field);
        };
    }

    private static boolean atMost(Number number, BigDecimal max) {
        if (number instanceof Integer || number instanceof Long) {
            return BigDecimal.valueOf(number.longValue()).compareTo(max) <= 0;
        }
        double value = number.doubleValue();
        return Double.isFinite(value) && value <= max.doubleValue();
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static String shortly(Object value) {
        String text = isScalar(value) ? String.valueOf(value) : "a " + (value instanceof List<?> ? "list" : "object");
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The field a request may not carry to an instance, and the client-facing reason. */
    public record Violation(String field, String message) {
    }

    @Override
    public String toString() {
        return "FieldPolicy[deny=" + denied + ", max=" + maxima + ", allowed=" + allowed + "]";
    }
}
