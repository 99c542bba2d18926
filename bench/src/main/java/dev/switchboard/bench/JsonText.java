package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** Writes the results (maps, lists, numbers, strings) as indented JSON; the bench needs nothing more. */
final class JsonText {

    private JsonText() {
    }

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object v, int depth) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n").append("  ".repeat(depth + 1));
                string(out, e.getKey().toString());
                out.append(": ");
                write(out, e.getValue(), depth + 1);
                first = false;
            }
            out.append(first ? "}" : "\n" + "  ".repeat(depth) + "}");
        } else if (v instanceof List<?> list) {
            boolean scalars = list.stream().noneMatch(x -> x instanceof Map || x instanceof List);
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(scalars ? ", " : ",");
                }
                if (!scalars) {
                    out.append('\n').append("  ".repeat(depth + 1));
                }
                write(out, list.get(i), depth + 1);
            }
            out.append(!scalars && !list.isEmpty() ? "\n" + "  ".repeat(depth) + "]" : "]");
        } else if (v instanceof Double d) {
            out.append(d.isNaN() || d.isInfinite() ? "null" : trim(d));
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            string(out, v.toString());
        }
    }

    private static String trim(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
