package dev.moeserve.infrastructure.tokenizer;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Python's {@code str} methods for Jinjava. Chat templates are written for Jinja2, where a string
 * is a Python {@code str}: they call {@code content.split('</think>')[-1]}, {@code .strip('\n')},
 * {@code .startswith(...)}. Jinjava strings are {@code java.lang.String}, which lacks most of
 * these and has a regex-based {@code split}, so this resolver answers those calls first, with
 * Python's semantics (indices count code points, as Python's do). It also reads {@code s[i]},
 * which Jinjava does not. Other look-ups go on to Jinjava's own resolvers.
 */
final class PythonStringMethods extends ELResolver {
    private static final Set<String> METHODS = Set.of(
            "split", "rsplit", "splitlines", "strip", "lstrip", "rstrip", "startswith", "endswith",
            "upper", "lower", "title", "capitalize", "swapcase", "replace", "find", "rfind", "index", "rindex",
            "count", "join", "partition", "rpartition", "removeprefix", "removesuffix",
            "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "islower", "isupper");

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name) || !METHODS.contains(name)) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, name, args);
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String name, Object[] args) {
        return switch (name) {
            case "split" -> split(s, optionalString(args, 0, name), optionalInt(args, 1, -1, name));
            case "rsplit" -> rsplit(s, optionalString(args, 0, name), optionalInt(args, 1, -1, name));
            case "splitlines" -> splitlines(s, args.length > 0 && truthy(args[0]));
            case "strip" -> rstrip(lstrip(s, optionalString(args, 0, name)), optionalString(args, 0, name));
            case "lstrip" -> lstrip(s, optionalString(args, 0, name));
            case "rstrip" -> rstrip(s, optionalString(args, 0, name));
            case "startswith" -> affixMatch(s, args, name, true);
            case "endswith" -> affixMatch(s, args, name, false);
            case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
            case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s
                    : s.substring(0, s.offsetByCodePoints(0, 1)).toUpperCase(java.util.Locale.ROOT)
                    + s.substring(s.offsetByCodePoints(0, 1)).toLowerCase(java.util.Locale.ROOT);
            case "swapcase" -> swapcase(s);
            case "replace" -> replace(s, requiredString(args, 0, name), requiredString(args, 1, name),
                    optionalInt(args, 2, -1, name));
            case "find" -> find(s, args, name, false);
            case "rfind" -> find(s, args, name, true);
            case "index", "rindex" -> {
                long at = find(s, args, name, name.equals("rindex"));
                if (at < 0) {
                    throw new IllegalArgumentException("substring not found");
                }
                yield at;
            }
            case "count" -> count(s, requiredString(args, 0, name));
            case "join" -> join(s, args, name);
            case "partition" -> partition(s, requiredString(args, 0, name), false);
            case "rpartition" -> partition(s, requiredString(args, 0, name), true);
            case "removeprefix" -> {
                String prefix = requiredString(args, 0, name);
                yield s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "removesuffix" -> {
                String suffix = requiredString(args, 0, name);
                yield !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "isdigit", "isdecimal", "isnumeric" -> !s.isEmpty() && s.codePoints().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.codePoints().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.codePoints().allMatch(PythonStringMethods::isSpace);
            case "islower" -> hasCased(s) && s.codePoints().noneMatch(c -> Character.isUpperCase(c) || Character.isTitleCase(c));
            case "isupper" -> hasCased(s) && s.codePoints().noneMatch(c -> Character.isLowerCase(c) || Character.isTitleCase(c));
            default -> throw new IllegalStateException("unhandled str method " + name);
        };
    }

    /** Python's {@code str.isspace}: Unicode whitespace, including the separators Java keeps apart. */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    private static List<String> split(String s, String sep, long maxSplit) {
        List<String> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && isSpace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    return parts;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    // Python keeps the remainder as it is, trailing whitespace included.
                    parts.add(s.substring(i));
                    return parts;
                }
                int start = i;
                while (i < n && !isSpace(s.charAt(i))) {
                    i++;
                }
                parts.add(s.substring(start, i));
            }
        }
        requireNonEmptySeparator(sep);
        int from = 0;
        int at;
        while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    private static List<String> rsplit(String s, String sep, long maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, -1);
        }
        List<String> reversed = new ArrayList<>();
        if (sep == null) {
            int i = s.length();
            while (true) {
                while (i > 0 && isSpace(s.charAt(i - 1))) {
                    i--;
                }
                if (i <= 0) {
                    break;
                }
                if (reversed.size() == maxSplit) {
                    reversed.add(s.substring(0, i));
                    break;
                }
                int end = i;
                while (i > 0 && !isSpace(s.charAt(i - 1))) {
                    i--;
                }
                reversed.add(s.substring(i, end));
            }
        } else {
            requireNonEmptySeparator(sep);
            int end = s.length();
            int at;
            while (reversed.size() < maxSplit && (at = s.lastIndexOf(sep, end - sep.length())) >= 0) {
                reversed.add(s.substring(at + sep.length(), end));
                end = at;
            }
            reversed.add(s.substring(0, end));
        }
        return reversed.reversed();
    }

    private static void requireNonEmptySeparator(String sep) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
    }

    private static List<String> splitlines(String s, boolean keepEnds) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int breakLength = switch (c) {
                case '\r' -> i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
                case '\n', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029' -> 1;
                default -> 0;
            };
            if (breakLength == 0) {
                i++;
                continue;
            }
            lines.add(s.substring(start, keepEnds ? i + breakLength : i));
            i += breakLength;
            start = i;
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length()) {
            int c = s.codePointAt(i);
            if (!(chars == null ? isSpace(c) : chars.indexOf(c) >= 0)) {
                break;
            }
            i += Character.charCount(c);
        }
        return s.substring(i);
    }

    private static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0) {
            int c = s.codePointBefore(i);
            if (!(chars == null ? isSpace(c) : chars.indexOf(c) >= 0)) {
                break;
            }
            i -= Character.charCount(c);
        }
        return s.substring(0, i);
    }

    /** {@code startswith}/{@code endswith} take one affix or a tuple (a list here) of them. */
    private static boolean affixMatch(String s, Object[] args, String name, boolean prefix) {
        if (args.length == 0 || args[0] == null) {
            throw new IllegalArgumentException(name + "() takes at least 1 argument");
        }
        String window = slice(s, args, 1, name);
        Collection<?> affixes = args[0] instanceof Collection<?> many ? many : List.of(args[0]);
        for (Object affix : affixes) {
            if (!(affix instanceof String text)) {
                throw new IllegalArgumentException(name + "() arguments must be strings");
            }
            if (prefix ? window.startsWith(text) : window.endsWith(text)) {
                return true;
            }
        }
        return false;
    }

    private static long find(String s, Object[] args, String name, boolean last) {
        String sub = requiredString(args, 0, name);
        int[] range = codePointRange(s, args, 1, name);
        String window = s.substring(s.offsetByCodePoints(0, range[0]), s.offsetByCodePoints(0, range[1]));
        int at = last ? window.lastIndexOf(sub) : window.indexOf(sub);
        return at < 0 ? -1 : range[0] + window.codePointCount(0, at);
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String replace(String s, String old, String replacement, long count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (long done = 0; done < count; done++) {
            int at = old.isEmpty() ? (from <= s.length() ? from : -1) : s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            if (old.isEmpty()) {
                if (at == s.length()) {
                    from = at + 1;
                    break;
                }
                int next = s.offsetByCodePoints(at, 1);
                out.append(s, at, next);
                from = next;
            } else {
                from = at + old.length();
            }
        }
        if (from <= s.length()) {
            out.append(s, from, s.length());
        }
        return out.toString();
    }

    private static String join(String separator, Object[] args, String name) {
        if (args.length != 1 || args[0] == null) {
            throw new IllegalArgumentException(name + "() takes exactly one argument");
        }
        Iterator<?> items = iterate(args[0]);
        StringBuilder out = new StringBuilder();
        boolean first = true;
        while (items.hasNext()) {
            Object item = items.next();
            if (!(item instanceof String text)) {
                throw new IllegalArgumentException("sequence item: expected str instance, "
                        + (item == null ? "None" : item.getClass().getSimpleName()) + " found");
            }
            if (!first) {
                out.append(separator);
            }
            out.append(text);
            first = false;
        }
        return out.toString();
    }

    private static Iterator<?> iterate(Object value) {
        if (value instanceof Iterable<?> iterable) {
            return iterable.iterator();
        }
        if (value instanceof Object[] array) {
            return List.of(array).iterator();
        }
        if (value instanceof Iterator<?> iterator) {
            return iterator;
        }
        if (value instanceof String text) {
            return text.codePoints().mapToObj(Character::toString).iterator();
        }
        throw new IllegalArgumentException("can only join an iterable");
    }

    private static List<String> partition(String s, String sep, boolean last) {
        requireNonEmptySeparator(sep);
        int at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
        if (at < 0) {
            return last ? List.of("", "", s) : List.of(s, "", "");
        }
        return List.of(s.substring(0, at), sep, s.substring(at + sep.length()));
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            boolean cased = Character.isLetter(c);
            out.appendCodePoint(cased ? (previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c)) : c);
            previousCased = cased;
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static String swapcase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(
                Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.isLowerCase(c) ? Character.toUpperCase(c) : c));
        return out.toString();
    }

    private static boolean hasCased(String s) {
        return s.codePoints().anyMatch(c -> Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c));
    }

    /** The part of {@code s} between optional start/end arguments, as Python slices it. */
    private static String slice(String s, Object[] args, int first, String name) {
        int[] range = codePointRange(s, args, first, name);
        return s.substring(s.offsetByCodePoints(0, range[0]), s.offsetByCodePoints(0, range[1]));
    }

    private static int[] codePointRange(String s, Object[] args, int first, String name) {
        int length = s.codePointCount(0, s.length());
        int start = clampIndex(args.length > first ? args[first] : null, 0, length, name);
        int end = clampIndex(args.length > first + 1 ? args[first + 1] : null, length, length, name);
        return new int[]{start, Math.max(start, end)};
    }

    private static int clampIndex(Object value, int fallback, int length, String name) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException(name + "() indices must be integers");
        }
        long index = number.longValue();
        if (index < 0) {
            index += length;
        }
        return (int) Math.clamp(index, 0, length);
    }

    private static String optionalString(Object[] args, int i, String name) {
        if (args.length <= i || args[i] == null) {
            return null;
        }
        if (!(args[i] instanceof String s)) {
            throw new IllegalArgumentException(name + "() argument " + (i + 1) + " must be str or None");
        }
        return s;
    }

    private static String requiredString(Object[] args, int i, String name) {
        String s = optionalString(args, i, name);
        if (s == null) {
            throw new IllegalArgumentException(name + "() argument " + (i + 1) + " must be str");
        }
        return s;
    }

    private static long optionalInt(Object[] args, int i, long fallback, String name) {
        if (args.length <= i || args[i] == null) {
            return fallback;
        }
        if (!(args[i] instanceof Number number)) {
            throw new IllegalArgumentException(name + "() argument " + (i + 1) + " must be an integer");
        }
        return number.longValue();
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof Number n ? n.doubleValue() != 0 : value != null;
    }

    /** {@code s[i]}: the i-th code point, counting from the end when negative; undefined when out of range. */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (!(base instanceof String s)) {
            return null;
        }
        Long index = switch (property) {
            case Integer i -> (long) i;
            case Long l -> l;
            case String text when text.matches("-?\\d{1,9}") -> Long.parseLong(text);
            case null, default -> null;
        };
        if (index == null) {
            return null;
        }
        context.setPropertyResolved(true);
        int length = s.codePointCount(0, s.length());
        long i = index < 0 ? index + length : index;
        if (i < 0 || i >= length) {
            return null;
        }
        return Character.toString(s.codePointAt(s.offsetByCodePoints(0, (int) i)));
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: nothing to set
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
