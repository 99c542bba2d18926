package dev.switchboard.core.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical fingerprint of a request: SHA-256 over everything that can change the answer, written
 * in one fixed order with type tags and length prefixes (so no two different requests collide by
 * concatenation), map keys sorted (so JSON key order does not matter). Left out on purpose:
 * {@code stream} and {@code stream_options} (a cached answer can be replayed either way), {@code user}
 * (an end-user tag, not an input) and the gateway's own {@code cache} switch.
 *
 * <p>The request is walked once and fed to the digest through a small buffer ({@link DigestWriter}): no
 * copy of the request is built, and a number costs a few bytes whatever its exponent (a body of
 * {@code 1e308}s once grew fifty-fold here). What it allocates beyond a fixed few KiB is one sorted key
 * array per JSON object.
 */
public final class RequestFingerprint {

    private static final Set<String> IGNORED_EXTENSIONS = Set.of(CachePolicy.CACHE_EXTENSION, "stream_options");

    private RequestFingerprint() {
    }

    public static String of(ChatRequest request) {
        DigestWriter out = new DigestWriter();
        field(out, "model", request.model());
        out.ascii("messages[").integer(request.messages().size());
        for (ChatMessage message : request.messages()) {
            field(out, "role", message.role());
            field(out, "content", message.content());
            field(out, "name", message.name());
            value(out, message.extensions());
        }
        field(out, "temperature", request.temperature());
        field(out, "top_p", request.topP());
        field(out, "max_tokens", request.maxTokens());
        field(out, "seed", request.seed());
        out.ascii("stop");
        value(out, request.stop());
        out.ascii("ext");
        map(out, request.extensions(), IGNORED_EXTENSIONS);
        return out.hex();
    }

    private static void field(DigestWriter out, String name, Object value) {
        out.ascii(name);
        value(out, value);
    }

    private static void value(DigestWriter out, Object value) {
        if (value == null) {
            out.mark('~');
        } else if (value instanceof String text) {
            out.text(text);
        } else if (value instanceof Number number) {
            number(out, number);
        } else if (value instanceof Boolean flag) {
            out.mark(flag ? 'T' : 'F');
        } else if (value instanceof Map<?, ?> map) {
            map(out, map, Set.of());
        } else if (value instanceof Collection<?> list) {
            out.mark('[').integer(list.size());
            for (Object item : list) {
                value(out, item);
            }
            out.mark(']');
        } else if (value instanceof JsonNode node) {
            node(out, node);
        } else {
            // anything else (a bean an embedder put in extensions) is hashed as the JSON it would be sent as
            value(out, JsonCanonical.toPlain(value));
        }
    }

    private static void map(DigestWriter out, Map<?, ?> map, Set<String> ignored) {
        String[] keys = new String[map.size()];
        int count = 0;
        for (Object key : map.keySet()) {
            if (!(key instanceof String name)) {
                // only a map an embedder built has other keys: hash it as the JSON object it would become
                Map<String, Object> named = new TreeMap<>();
                map.forEach((k, v) -> named.put(String.valueOf(k), v));
                map(out, named, ignored);
                return;
            }
            if (!ignored.contains(name)) {
                keys[count++] = name;
            }
        }
        Arrays.sort(keys, 0, count);
        out.mark('{').integer(count);
        for (int i = 0; i < count; i++) {
            out.text(keys[i]);
            value(out, map.get(keys[i]));
        }
        out.mark('}');
    }

    /** JSON trees hash exactly as the plain maps, lists and scalars they stand for. */
    private static void node(DigestWriter out, JsonNode node) {
        if (node.isObject()) {
            String[] keys = new String[node.size()];
            int count = 0;
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                keys[count++] = names.next();
            }
            Arrays.sort(keys, 0, count);
            out.mark('{').integer(count);
            for (int i = 0; i < count; i++) {
                out.text(keys[i]);
                node(out, node.get(keys[i]));
            }
            out.mark('}');
        } else if (node.isArray()) {
            out.mark('[').integer(node.size());
            for (JsonNode item : node) {
                node(out, item);
            }
            out.mark(']');
        } else if (node.isTextual()) {
            out.text(node.textValue());
        } else if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            // numberValue() would box every double of a large array
            out.decimal(node.doubleValue());
        } else if (node.canConvertToLong() && node.isIntegralNumber()) {
            out.mark('n').integer(node.longValue());
        } else if (node.isNumber()) {
            number(out, node.numberValue());
        } else if (node.isBoolean()) {
            out.mark(node.booleanValue() ? 'T' : 'F');
        } else if (node.isNull() || node.isMissingNode()) {
            out.mark('~');
        } else {
            out.text(node.asText());
        }
    }

    /**
     * Numbers by value in a short form: integers (and integral doubles a long holds) as decimal digits,
     * other doubles as their IEEE-754 bits, big decimals as unscaled digits and a scale, never expanded.
     */
    private static void number(DigestWriter out, Number number) {
        if (number instanceof Double || number instanceof Float) {
            out.decimal(number.doubleValue());
        } else if (number instanceof BigInteger big) {
            if (big.bitLength() < 64) {
                out.mark('n').integer(big.longValue());
            } else {
                out.mark('b').text(big.toString());
            }
        } else if (number instanceof BigDecimal big) {
            decimal(out, big);
        } else {
            out.mark('n').integer(number.longValue());
        }
    }

    private static void decimal(DigestWriter out, BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        // precision - scale is the count of integer digits: checked before any expansion could happen
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            out.mark('n').integer(stripped.longValueExact());
            return;
        }
        out.mark('e').text(stripped.unscaledValue().toString()).integer(stripped.scale());
    }
}
