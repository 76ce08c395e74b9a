package dev.moeserve.infrastructure.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whitespace rules Jinja2's lexer applies to a template's source, as Hugging Face configures
 * it, applied before Jinjava sees the template:
 * <ul>
 *   <li>line endings become {@code \n} and one final newline is dropped
 *       ({@code keep_trailing_newline=False});</li>
 *   <li>{@code lstrip_blocks}: spaces and tabs between the start of a line and a block or comment
 *       tag are removed, unless the tag opens with {@code {%+};</li>
 *   <li>{@code trim_blocks}: the first newline after a block or comment tag is removed, unless it
 *       closes with {@code +%}}.</li>
 * </ul>
 * Jinjava has options of the same names, but strips spaces before any tag, not only those that
 * start a line, and drops the final newline of the output rather than of the source; so its
 * options stay off and the rules are applied here. {@code -} whitespace control is left to Jinjava,
 * which handles it as Jinja2 does.
 */
final class JinjaSource {
    private static final Pattern END_RAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%}");
    private static final Pattern RAW = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");

    private final String source;
    private final StringBuilder out = new StringBuilder();
    private int pos;
    /** Whether the text about to be read starts a line (template start, or a trimmed newline). */
    private boolean lineStarting = true;

    private JinjaSource(String source) {
        this.source = source;
    }

    static String prepare(String template) {
        String normalized = template.replace("\r\n", "\n").replace('\r', '\n');
        if (normalized.endsWith("\n")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        JinjaSource lexer = new JinjaSource(normalized);
        lexer.run();
        return lexer.out.toString();
    }

    private void run() {
        while (pos < source.length()) {
            int tag = nextTagStart(pos);
            if (tag < 0) {
                out.append(source, pos, source.length());
                return;
            }
            char kind = source.charAt(tag + 1);
            String text = source.substring(pos, tag);
            if (kind == '{') {
                out.append(text);
                lineStarting = false;
                pos = copyTag(tag, "}}");
                continue;
            }
            char sign = tag + 2 < source.length() ? source.charAt(tag + 2) : 0;
            out.append(stripIfPlainTag(text, sign));
            if (kind == '#') {
                pos = copyComment(tag, sign);
            } else if (isRaw(tag)) {
                pos = copyRaw(tag);
            } else {
                pos = copyBlock(tag, sign);
            }
        }
    }

    /** The earliest {@code {{}, {@code {%} or {@code {#} at or after {@code from}. */
    private int nextTagStart(int from) {
        for (int i = source.indexOf('{', from); i >= 0 && i + 1 < source.length(); i = source.indexOf('{', i + 1)) {
            char next = source.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return i;
            }
        }
        return -1;
    }

    /** lstrip_blocks: drop the spaces and tabs that alone precede a tag on its line; a +/- sign opts out. */
    private String stripIfPlainTag(String text, char sign) {
        if (sign == '+' || sign == '-') {
            return text;
        }
        int lineStart = text.lastIndexOf('\n') + 1;
        if (lineStart == 0 && !lineStarting) {
            return text;
        }
        for (int i = lineStart; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return text;
            }
        }
        return text.substring(0, lineStart);
    }

    private int copyComment(int start, char sign) {
        int end = source.indexOf("#}", start + 2);
        if (end < 0) {
            // Unclosed: Jinjava reports it; copy the rest unchanged.
            out.append(source, start, source.length());
            return source.length();
        }
        appendWithoutPlusSigns(start, end + 2, sign);
        return trimAfter(end + 2, source.charAt(end - 1));
    }

    private int copyBlock(int start, char sign) {
        int end = closingOf(start, "%}");
        if (end < 0) {
            out.append(source, start, source.length());
            return source.length();
        }
        appendWithoutPlusSigns(start, end + 2, sign);
        return trimAfter(end + 2, source.charAt(end - 1));
    }

    private int copyTag(int start, String closing) {
        int end = closingOf(start, closing);
        int stop = end < 0 ? source.length() : end + closing.length();
        out.append(source, start, stop);
        return stop;
    }

    /** {@code {% raw %}...{% endraw %}}: the body is text; only the line before endraw is stripped. */
    private int copyRaw(int start) {
        Matcher open = RAW.matcher(source).region(start, source.length());
        if (!open.lookingAt()) {
            return copyBlock(start, (char) 0);
        }
        Matcher close = END_RAW.matcher(source);
        if (!close.find(open.end())) {
            out.append(source, start, source.length());
            return source.length();
        }
        out.append(source, start, open.end());
        lineStarting = false;
        out.append(stripIfPlainTag(source.substring(open.end(), close.start()), close.group(1).isEmpty() ? 0 : close.group(1).charAt(0)));
        out.append(source, close.start(), close.end());
        return trimAfter(close.end(), close.group(2).isEmpty() ? 0 : close.group(2).charAt(0));
    }

    private boolean isRaw(int start) {
        return RAW.matcher(source).region(start, source.length()).lookingAt();
    }

    /** Copies a tag, dropping the {@code +} signs Jinjava does not know (their effect is applied here). */
    private void appendWithoutPlusSigns(int start, int stop, char openingSign) {
        String tag = source.substring(start, stop);
        if (openingSign == '+') {
            tag = tag.substring(0, 2) + tag.substring(3);
        }
        if (tag.length() >= 3 && tag.charAt(tag.length() - 3) == '+') {
            tag = tag.substring(0, tag.length() - 3) + tag.substring(tag.length() - 2);
        }
        out.append(tag);
    }

    /** trim_blocks: one newline after a block or comment tag goes, unless the tag ends with + or -. */
    private int trimAfter(int afterTag, char closingSign) {
        if (closingSign == '+' || closingSign == '-') {
            lineStarting = false;
            return afterTag;
        }
        if (afterTag < source.length() && source.charAt(afterTag) == '\n') {
            lineStarting = true;
            return afterTag + 1;
        }
        lineStarting = false;
        return afterTag;
    }

    /** Where {@code closing} ends the tag opened at {@code start}, skipping quoted strings inside it. */
    private int closingOf(int start, String closing) {
        int i = start + 2;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\'' || c == '"') {
                i = endOfString(i, c);
            } else if (source.startsWith(closing, i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    private int endOfString(int open, char quote) {
        int i = open + 1;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return i;
    }
}
