package dev.moeserve.infrastructure.tokenizer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON exactly as Python's {@code json.dumps} writes it, which is what Hugging Face's
 * {@code tojson} filter calls: {@code ", "} and {@code ": "} separators, floats in Python's
 * {@code repr} form ({@code 1e-05}, {@code 100.0}), and, unless asked otherwise, non-ASCII text
 * left as it is. Tool schemas reach the model through it, so a byte of difference changes the
 * prompt the model was trained on.
 */
final class PythonJson {
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    /**
     * @param indent     null for one line; otherwise the string repeated per nesting level
     * @param separators null for Python's default, else {item separator, key separator}
     */
    PythonJson(boolean ensureAscii, String indent, List<String> separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indent;
        this.itemSeparator = separators != null ? separators.get(0) : indent == null ? ", " : ",";
        this.keySeparator = separators != null ? separators.get(1) : ": ";
        this.sortKeys = sortKeys;
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object value, StringBuilder out, int depth) {
        Object v = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case CharSequence text -> writeString(text.toString(), out);
            case Character c -> writeString(c.toString(), out);
            case Byte _, Short _, Integer _, Long _, BigInteger _ -> out.append(v);
            case BigDecimal d -> out.append(d.toPlainString());
            case Number n -> out.append(floatRepr(n.doubleValue()));
            case Map<?, ?> map -> writeObject(map, out, depth);
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(list::add);
                writeArray(list, out, depth);
            }
            case Object[] array -> writeArray(List.of(array), out, depth);
            default -> throw new IllegalArgumentException("Object of type " + v.getClass().getSimpleName()
                    + " is not JSON serializable");
        }
    }

    private void writeArray(List<?> items, StringBuilder out, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
            }
            newline(out, depth + 1);
            write(items.get(i), out, depth + 1);
        }
        newline(out, depth);
        out.append(']');
    }

    private void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>();
        map.forEach((k, val) -> entries.add(Map.entry(key(k), val == null ? Optional.empty() : val)));
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
            }
            newline(out, depth + 1);
            writeString(entries.get(i).getKey(), out);
            out.append(keySeparator);
            write(entries.get(i).getValue(), out, depth + 1);
        }
        newline(out, depth);
        out.append('}');
    }

    /** Python turns str, int, float, bool and None keys into strings and rejects the rest. */
    private static String key(Object k) {
        return switch (k) {
            case null -> "null";
            case String s -> s;
            case Boolean b -> b ? "true" : "false";
            case Byte _, Short _, Integer _, Long _, BigInteger _ -> k.toString();
            case Number n -> floatRepr(n.doubleValue());
            default -> throw new IllegalArgumentException("keys must be str, int, float, bool or None, not "
                    + k.getClass().getSimpleName());
        };
    }

    private void newline(StringBuilder out, int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // Python escapes control characters always and, with ensure_ascii, every non-ASCII
                    // UTF-16 unit (surrogate pairs as two escapes, as Java already stores them).
                    if (c < 0x20 || (ensureAscii && c > 0x7f)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code float.__repr__}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString gives the shortest digits that round-trip, as Python's repr does.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exp = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
        }
        String plain = exact.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }
}
