package dev.moeserve.infrastructure.tokenizer;

import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * How Jinja2 prints a value: Python's {@code str()}, which for containers is the {@code repr()} of
 * their items ({@code True}, {@code None}, {@code 'text'}, {@code 1e-05}). Jinjava prints Java's
 * {@code toString()} ({@code true}, {@code [a, b]}, {@code 1.0E-5}).
 */
final class PythonValues {
    private PythonValues() {
    }

    static String str(Object value) {
        return value instanceof CharSequence text ? text.toString() : repr(value);
    }

    static String repr(Object value) {
        Object v = value instanceof Optional<?> optional ? optional.orElse(null) : value;
        return switch (v) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case CharSequence text -> quoted(text.toString());
            case Byte _, Short _, Integer _, Long _, BigInteger _ -> v.toString();
            case Double d -> floatStr(d);
            case Float f -> floatStr(f.doubleValue());
            case Map<?, ?> map -> {
                StringJoiner out = new StringJoiner(", ", "{", "}");
                map.forEach((k, val) -> out.add(repr(k) + ": " + repr(val)));
                yield out.toString();
            }
            case Map.Entry<?, ?> entry -> "(" + repr(entry.getKey()) + ", " + repr(entry.getValue()) + ")";
            case Iterable<?> items -> {
                StringJoiner out = new StringJoiner(", ", "[", "]");
                items.forEach(item -> out.add(repr(item)));
                yield out.toString();
            }
            case Object[] array -> {
                StringJoiner out = new StringJoiner(", ", "[", "]");
                for (Object item : array) {
                    out.add(repr(item));
                }
                yield out.toString();
            }
            default -> v.toString();
        };
    }

    private static String floatStr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return PythonJson.floatRepr(d);
    }

    /** Python's {@code repr(str)}: single quotes unless the text has one and no double quote. */
    private static String quoted(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (isPrintable(c)) {
                out.appendCodePoint(c);
            } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
            } else if (c < 0x10000) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append(String.format("\\U%08x", c));
            }
        }
        return out.append(quote).toString();
    }

    /** Python's {@code str.isprintable} for one character: not a control, format, separator or unassigned one. */
    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
