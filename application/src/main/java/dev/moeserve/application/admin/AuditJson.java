package dev.moeserve.application.admin;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The before and after values of an audited change as JSON text. The application may not use a JSON
 * library (it depends on the domain only), and the values are a handful of flat fields, so this writes
 * them directly: strings, numbers, booleans, optionals, collections, maps; anything else by its text.
 */
final class AuditJson {
    private AuditJson() {
    }

    /** {@code object("a", 1, "b", "x")} is {@code {"a":1,"b":"x"}}. */
    static String object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            string(out, (String) keysAndValues[i]);
            out.append(':');
            value(out, keysAndValues[i + 1]);
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case Optional<?> o -> value(out, o.orElse(null));
            case OptionalInt o -> value(out, o.isPresent() ? o.getAsInt() : null);
            case BigDecimal d -> string(out, d.toPlainString()); // as text, like the API: no float rounding
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case Collection<?> c -> {
                out.append('[');
                boolean first = true;
                for (Object item : c) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    value(out, item);
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(':');
                    value(out, e.getValue());
                }
                out.append('}');
            }
            default -> string(out, v.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        out.append('"');
    }
}
