package dev.moeserve.infrastructure.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter.InterpreterScopeClosable;
import com.hubspot.jinjava.lib.tag.ElseTag;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Jinjava's {@code for} tag plus two parts of Jinja2's that Jinjava lacks:
 * <ul>
 *   <li>a filter: {@code {% for m in messages if m.role != 'system' %}} iterates only over the
 *       items that pass, and {@code loop.index}/{@code loop.last} count those items;</li>
 *   <li>an {@code {% else %}} branch, rendered when nothing was iterated (Jinjava renders the
 *       text after {@code else} on every iteration instead).</li>
 * </ul>
 */
final class PythonForTag extends ForTag {
    private static final long serialVersionUID = 1L;

    @Override
    public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
        var varsAndExpression = getLoopVarsAndExpression((TagToken) tagNode.getMaster());
        List<String> vars = varsAndExpression.getLeft();
        String[] iterableAndCondition = splitCondition(varsAndExpression.getRight());
        Object collection = interpreter.resolveELExpression(iterableAndCondition[0], tagNode.getLineNumber());

        List<Object> items = new ArrayList<>();
        ForLoop all = ObjectIterator.getLoop(collection);
        while (all.hasNext()) {
            Object item = all.next();
            if (iterableAndCondition[1] == null || passes(item, vars, iterableAndCondition[1], tagNode, interpreter)) {
                items.add(item);
            }
        }

        int elseAt = elseIndex(tagNode);
        if (items.isEmpty()) {
            StringBuilder out = new StringBuilder();
            if (elseAt >= 0) {
                for (Node node : tagNode.getChildren().subList(elseAt + 1, tagNode.getChildren().size())) {
                    out.append(node.render(interpreter).getValue());
                }
            }
            return out.toString();
        }
        TagNode body = tagNode;
        if (elseAt >= 0) {
            body = new TagNode(this, (TagToken) tagNode.getMaster(), tagNode.getSymbols());
            body.setParent(tagNode.getParent());
            body.setChildren(new LinkedList<>(tagNode.getChildren().subList(0, elseAt)));
        }
        return renderForCollection(body, interpreter, vars, items);
    }

    private static boolean passes(Object item, List<String> vars, String condition, TagNode tagNode,
                                  JinjavaInterpreter interpreter) {
        try (InterpreterScopeClosable scope = interpreter.enterScope()) {
            Object value = interpreter.wrap(item);
            if (vars.size() == 1) {
                interpreter.getContext().put(vars.getFirst(), value);
            } else {
                for (int i = 0; i < vars.size(); i++) {
                    interpreter.getContext().put(vars.get(i), unpack(value, i));
                }
            }
            return ObjectTruthValue.evaluate(interpreter.resolveELExpression(condition, tagNode.getLineNumber()));
        }
    }

    /** {@code for k, v in ...}: the i-th part of a map entry or a list item. */
    private static Object unpack(Object value, int i) {
        if (value instanceof Map.Entry<?, ?> entry) {
            return i == 0 ? entry.getKey() : i == 1 ? entry.getValue() : null;
        }
        if (value instanceof List<?> list) {
            return i < list.size() ? list.get(i) : null;
        }
        return null;
    }

    private static int elseIndex(TagNode tagNode) {
        List<Node> children = tagNode.getChildren();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof TagNode tag && tag.getTag() instanceof ElseTag) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Splits {@code "messages if m.role != 'system'"} at the first {@code if} outside quotes and
     * brackets. Jinja2 reads a loop's iterable without conditional expressions, so that {@code if}
     * always starts the filter.
     */
    static String[] splitCondition(String expression) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && expression.startsWith("if", i) && isBoundary(expression, i - 1)
                    && isBoundary(expression, i + 2)) {
                return new String[]{expression.substring(0, i).trim(), expression.substring(i + 2).trim()};
            }
        }
        return new String[]{expression.trim(), null};
    }

    private static boolean isBoundary(String s, int i) {
        return i < 0 || i >= s.length() || !(Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
    }
}
