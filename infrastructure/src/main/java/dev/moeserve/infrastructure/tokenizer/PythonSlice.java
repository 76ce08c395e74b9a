package dev.moeserve.infrastructure.tokenizer;

import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * {@code base[start:stop:step]} with Python's rules: any part may be left out, negative indices
 * count from the end, a negative step walks backwards, and strings are sliced by code point.
 * A list slice is a new list; a string slice a string.
 */
final class PythonSlice extends AstRightValue {
    private final AstNode base;
    private final AstNode start;
    private final AstNode stop;
    private final AstNode step;

    PythonSlice(AstNode base, AstNode start, AstNode stop, AstNode step) {
        this.base = Objects.requireNonNull(base);
        this.start = start;
        this.stop = stop;
        this.step = step;
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
        Object value = base.eval(bindings, context);
        if (value == null) {
            return null;
        }
        Long first = index(start, bindings, context);
        Long last = index(stop, bindings, context);
        Long stride = index(step, bindings, context);
        if (value instanceof String text) {
            int[] codePoints = text.codePoints().toArray();
            StringBuilder out = new StringBuilder();
            for (int i : positions(codePoints.length, first, last, stride)) {
                out.appendCodePoint(codePoints[i]);
            }
            return out.toString();
        }
        List<?> items = switch (value) {
            case List<?> list -> list;
            case Iterable<?> iterable -> {
                List<Object> copy = new ArrayList<>();
                iterable.forEach(copy::add);
                yield copy;
            }
            case Object[] array -> Arrays.asList(array);
            default -> throw new ELException("'" + value.getClass().getSimpleName() + "' object is not subscriptable");
        };
        List<Object> out = new ArrayList<>();
        for (int i : positions(items.size(), first, last, stride)) {
            out.add(items.get(i));
        }
        return out;
    }

    /** The indices {@code slice(start, stop, step).indices(length)} visits. */
    static int[] positions(int length, Long start, Long stop, Long step) {
        long stride = step == null ? 1 : step;
        if (stride == 0) {
            throw new ELException("slice step cannot be zero");
        }
        long from;
        long to;
        if (stride > 0) {
            from = start == null ? 0 : clamp(start, length, 0, length);
            to = stop == null ? length : clamp(stop, length, 0, length);
        } else {
            from = start == null ? length - 1 : clamp(start, length, -1, length - 1);
            to = stop == null ? -1 : clamp(stop, length, -1, length - 1);
        }
        List<Integer> visited = new ArrayList<>();
        for (long i = from; stride > 0 ? i < to : i > to; i += stride) {
            visited.add((int) i);
        }
        return visited.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long clamp(long index, int length, long lowest, long highest) {
        long i = index < 0 ? index + length : index;
        return Math.clamp(i, lowest, highest);
    }

    private static Long index(AstNode node, Bindings bindings, ELContext context) {
        if (node == null) {
            return null;
        }
        Object value = node.eval(bindings, context);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || value instanceof Double || value instanceof Float) {
            throw new ELException("slice indices must be integers or None");
        }
        return number.longValue();
    }

    @Override
    public void appendStructure(StringBuilder out, Bindings bindings) {
        base.appendStructure(out, bindings);
        out.append('[');
        appendPart(out, start, bindings);
        out.append(':');
        appendPart(out, stop, bindings);
        out.append(':');
        appendPart(out, step, bindings);
        out.append(']');
    }

    private static void appendPart(StringBuilder out, AstNode part, Bindings bindings) {
        if (part != null) {
            part.appendStructure(out, bindings);
        }
    }

    @Override
    public int getCardinality() {
        return children().size();
    }

    @Override
    public AstNode getChild(int i) {
        return children().get(i);
    }

    private List<AstNode> children() {
        return Stream.of(base, start, stop, step).filter(Objects::nonNull).toList();
    }

    @Override
    public String toString() {
        return "slice";
    }
}
