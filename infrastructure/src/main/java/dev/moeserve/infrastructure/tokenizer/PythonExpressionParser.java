package dev.moeserve.infrastructure.tokenizer;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.ext.CollectionMembershipOperator;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.StringConcatOperator;
import com.hubspot.jinjava.util.ObjectTruthValue;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner.ScanException;
import jinjava.de.odysseus.el.tree.impl.Scanner.Symbol;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstBracket;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static jinjava.de.odysseus.el.tree.impl.Builder.Feature.METHOD_INVOCATIONS;
import static jinjava.de.odysseus.el.tree.impl.Builder.Feature.NULL_PROPERTIES;

/**
 * Jinjava's expression parser with two places brought in line with Jinja2's grammar, both of
 * which chat templates rely on:
 * <ul>
 *   <li>{@code a and b} gives {@code a} when it is falsy, else {@code b}, as Python's does, and
 *       {@code ~} joins the Python {@code str()} of both sides ({@code 'n=' ~ true} is
 *       {@code n=True});</li>
 *   <li>{@code not} binds looser than comparisons, so {@code not 'x' in content} is
 *       {@code not ('x' in content)}; Jinjava reads it as {@code (not 'x') in content}.</li>
 *   <li>subscripts take Python slices with a step ({@code messages[::-1]}, {@code s[1:-1:2]});
 *       Jinjava reads only {@code [start:stop]}.</li>
 * </ul>
 * Everything else (filters, tests, method calls, operators) is Jinjava's own.
 */
final class PythonExpressionParser extends ExtendedParser {
    /** What may follow {@code is} as a test name, as Jinjava accepts it. */
    private static final Set<Symbol> TEST_NAME_SYMBOLS = EnumSet.of(Symbol.IDENTIFIER, Symbol.EQ, Symbol.NE,
            Symbol.LT, Symbol.LE, Symbol.GT, Symbol.GE, Symbol.TRUE, Symbol.FALSE);

    /** Python's {@code and}: the first falsy operand, else the last. */
    private static final AstBinary.Operator AND = (bindings, context, left, right) -> {
        Object first = left.eval(bindings, context);
        return ObjectTruthValue.evaluate(first) ? right.eval(bindings, context) : first;
    };

    /** Jinja2's {@code ~}: both sides as {@code str()}; undefined (null here) as nothing. */
    private static final AstBinary.Operator CONCAT = (bindings, context, left, right) ->
            printed(left.eval(bindings, context)) + printed(right.eval(bindings, context));

    PythonExpressionParser(Builder context, String input) {
        super(context, input);
        putExtensionHandler(StringConcatOperator.TOKEN, new ExtensionHandler(ExtensionPoint.ADD) {
            @Override
            public AstNode createAstNode(AstNode... children) {
                return createAstBinary(children[0], children[1], CONCAT);
            }
        });
    }

    private static String printed(Object value) {
        return value == null ? "" : PythonValues.str(value);
    }

    /** Jinja2: {@code and_expr := not_expr ('and' not_expr)*}. */
    @Override
    protected AstNode and(boolean required) throws ScanException, ParseException {
        AstNode v = not(required);
        if (v == null) {
            return null;
        }
        while (true) {
            if (getToken().getSymbol() == Symbol.AND) {
                consumeToken();
                v = createAstBinary(v, not(true), AND);
            } else if (getToken().getSymbol() == Symbol.EXTENSION
                    && getExtensionHandler(getToken()).getExtensionPoint() == ExtensionPoint.AND) {
                v = getExtensionHandler(consumeToken()).createAstNode(v, not(true));
            } else {
                return v;
            }
        }
    }

    /** Jinja2: {@code not_expr := 'not' not_expr | comparison}. */
    private AstNode not(boolean required) throws ScanException, ParseException {
        if (getToken().getSymbol() == Symbol.NOT) {
            consumeToken();
            return createAstUnary(not(true), AstUnary.NOT);
        }
        return eq(required);
    }

    /** A primary followed by attribute look-ups, calls, subscripts and slices, then filters and tests. */
    @Override
    protected AstNode value() throws ScanException, ParseException {
        boolean lvalue = true;
        AstNode v = nonliteral();
        if (v == null) {
            v = literal();
            if (v == null) {
                return null;
            }
            lvalue = false;
        }
        while (true) {
            switch (getToken().getSymbol()) {
                case DOT -> {
                    consumeToken();
                    AstDot dot = createAstDot(v, consumeToken(Symbol.IDENTIFIER).getImage(), lvalue);
                    v = callable() ? createAstMethod(dot, params()) : dot;
                }
                case LBRACK -> v = subscript(v, lvalue);
                default -> {
                    return filtersAndTests(v);
                }
            }
        }
    }

    private boolean callable() {
        return getToken().getSymbol() == Symbol.LPAREN && context.isEnabled(METHOD_INVOCATIONS);
    }

    /** {@code [key]}, or a slice {@code [start:stop]} / {@code [start:stop:step]} with any part left out. */
    private AstNode subscript(AstNode base, boolean lvalue) throws ScanException, ParseException {
        consumeToken(Symbol.LBRACK);
        AstNode first = expr(false);
        if (getToken().getSymbol() == Symbol.RBRACK) {
            consumeToken();
            AstBracket bracket = createAstBracket(base, first, lvalue, !context.isEnabled(NULL_PROPERTIES));
            return callable() ? createAstMethod(bracket, params()) : bracket;
        }
        consumeToken(Symbol.COLON);
        AstNode stop = expr(false);
        AstNode step = null;
        if (getToken().getSymbol() == Symbol.COLON) {
            consumeToken();
            step = expr(false);
        }
        consumeToken(Symbol.RBRACK);
        return new PythonSlice(base, first, stop, step);
    }

    /** Jinja2 applies filters and tests to the primary, left to right: {@code x|f(a)|g is not t}. */
    private AstNode filtersAndTests(AstNode value) throws ScanException, ParseException {
        AstNode v = value;
        while (true) {
            String image = getToken().getImage();
            if ("|".equals(image) && lookahead(0).getSymbol() == Symbol.IDENTIFIER) {
                consumeToken();
                String filter = consumeToken().getImage();
                List<AstNode> params = new ArrayList<>(List.of(v, interpreter()));
                if (getToken().getSymbol() == Symbol.LPAREN) {
                    AstParameters args = params();
                    for (int i = 0; i < args.getCardinality(); i++) {
                        params.add(args.getChild(i));
                    }
                }
                v = createAstMethod(createAstDot(identifier(FILTER_PREFIX + filter), "filter", true),
                        createAstParameters(params));
            } else if ("is".equals(image) && "not".equals(lookahead(0).getImage()) && isTestName(1)) {
                consumeToken();
                consumeToken();
                v = test(v, "evaluateNegated");
            } else if ("is".equals(image) && isTestName(0)) {
                consumeToken();
                v = test(v, "evaluate");
            } else {
                return v;
            }
        }
    }

    private boolean isTestName(int lookahead) throws ScanException, ParseException {
        Symbol symbol = lookahead(lookahead).getSymbol();
        return TEST_NAME_SYMBOLS.contains(symbol) || symbol == CollectionMembershipOperator.TOKEN.getSymbol();
    }

    private AstNode test(AstNode subject, String method) throws ScanException, ParseException {
        String test = consumeToken().getImage();
        List<AstNode> params = new ArrayList<>(List.of(subject, interpreter()));
        AstNode argument = value();
        if (argument != null) {
            params.add(argument);
        }
        return createAstMethod(createAstDot(identifier(EXPTEST_PREFIX + test), method, true),
                createAstParameters(params));
    }

    /**
     * Builds {@link PythonExpressionParser}s. Jinjava's expression factory instantiates the
     * builder by class name, with or without features, so both constructors are public.
     */
    public static final class SyntaxBuilder extends ExtendedSyntaxBuilder {
        private static final long serialVersionUID = 1L;

        public SyntaxBuilder() {
            super();
        }

        public SyntaxBuilder(Feature... features) {
            super(features);
        }

        @Override
        protected Parser createParser(String expression) {
            return new PythonExpressionParser(this, expression);
        }
    }
}
