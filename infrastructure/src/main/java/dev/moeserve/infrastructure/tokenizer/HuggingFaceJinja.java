package dev.moeserve.infrastructure.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.filter.LengthFilter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ExpressionFactory;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A Jinjava engine set up like the Jinja2 environment of Hugging Face's
 * {@code apply_chat_template}, so that checkpoint templates render byte for byte as they do in
 * Python. Where Jinjava's own behaviour differs from Jinja2's, the Jinja2 behaviour is supplied:
 * <ul>
 *   <li>{@code trim_blocks}, {@code lstrip_blocks} and the dropped final newline ({@link JinjaSource});</li>
 *   <li>Python's {@code str} methods and {@code s[i]} ({@link PythonStringMethods}), slices with a step
 *       ({@link PythonSlice}), the precedence of {@code not}, Python's {@code and} and {@code ~}
 *       ({@link PythonExpressionParser});</li>
 *   <li>{@code for ... if ...} and {@code for ... else} ({@link PythonForTag});</li>
 *   <li>values printed as Python prints them ({@link PythonValues}), {@code length} in code points;</li>
 *   <li>Hugging Face's additions: {@code tojson} as {@code json.dumps} ({@link PythonJson}), the
 *       {@code raise_exception} and {@code strftime_now} globals, the {@code {% generation %}} block.</li>
 * </ul>
 * Message text is data: nested interpretation stays off, so a user who writes {@code {{ ... }}}
 * gets those characters, not their evaluation.
 */
final class HuggingFaceJinja {
    private HuggingFaceJinja() {
    }

    static Jinjava create() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                // trim_blocks, lstrip_blocks and the final newline are applied by JinjaSource.
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withKeepTrailingNewline(true)
                .withNestedInterpretationEnabled(false)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // A backslash escapes only inside a quoted string, as in Jinja2.
                        .withHandleBackslashInQuotesOnly(true)
                        // {{- -}} and {#- -#} trim like {%- -%}, as in Jinja2.
                        .withUseTrimmingForNotesAndExpressions(true)
                        // A dash is whitespace control only right against the delimiter, as in Jinja2.
                        .withParseWhitespaceControlStrictly(true)
                        // A None item of a loop is None, not the previous item.
                        .withKeepNullableLoopValues(true)
                        // {% for key in mapping %} walks the keys, as in Python.
                        .withIterateOverMapKeys(true)
                        .build())
                .withInterperterFactory(new PythonPrintingInterpreters())
                .build();
        Jinjava jinjava = new PythonicJinjava(config);
        Context globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", HuggingFaceJinja.class,
                "raiseException", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", HuggingFaceJinja.class,
                "strftimeNow", String.class));
        globals.registerFilter(new ToJson());
        globals.registerFilter(new CodePointLength("length"));
        globals.registerFilter(new CodePointLength("count"));
        globals.registerFilter(new PythonStr());
        globals.registerTag(new PythonForTag());
        globals.registerTag(new Generation());
        return jinjava;
    }

    /** Jinjava with Jinja2's expression grammar where Jinjava's differs (see {@link PythonExpressionParser}). */
    private static final class PythonicJinjava extends Jinjava {
        private final ExpressionFactory expressions;

        PythonicJinjava(JinjavaConfig config) {
            super(config);
            Properties properties = new Properties();
            properties.setProperty(TreeBuilder.class.getName(), PythonExpressionParser.SyntaxBuilder.class.getName());
            this.expressions = new ExpressionFactoryImpl(properties, new TruthyTypeConverter());
        }

        @Override
        public ExpressionFactory getExpressionFactory() {
            return expressions;
        }
    }

    /** Interpreters that print values as Python's {@code str()} does (see {@link PythonValues}). */
    private static final class PythonPrintingInterpreters implements InterpreterFactory {
        @Override
        public JinjavaInterpreter newInstance(JinjavaInterpreter orig) {
            return new PythonPrintingInterpreter(orig);
        }

        @Override
        public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig renderConfig) {
            return new PythonPrintingInterpreter(application, context, renderConfig);
        }
    }

    private static final class PythonPrintingInterpreter extends JinjavaInterpreter {
        PythonPrintingInterpreter(JinjavaInterpreter orig) {
            super(orig);
        }

        PythonPrintingInterpreter(Jinjava application, Context context, JinjavaConfig renderConfig) {
            super(application, context, renderConfig);
        }

        /** Undefined and none both arrive as null; undefined is what templates print, and it prints empty. */
        @Override
        public String getAsString(Object value) {
            return value == null ? "" : PythonValues.str(value);
        }
    }

    /** {@code |string}: Python's {@code str()}. */
    static final class PythonStr implements Filter {
        @Override
        public String getName() {
            return "string";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var == null ? "" : PythonValues.str(var);
        }
    }

    /** {@code |length} and {@code |count}: Python's {@code len()}, which counts a string's code points. */
    static final class CodePointLength implements Filter {
        private final String name;

        CodePointLength(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var instanceof String s) {
                return (long) s.codePointCount(0, s.length());
            }
            return new LengthFilter().filter(var, interpreter, args);
        }
    }

    /** {@code raise_exception(message)}: a template's way to reject a conversation it cannot format. */
    public static Object raiseException(Object message) {
        throw new TemplateRaisedException(String.valueOf(message));
    }

    /** {@code strftime_now(format)}: the local time now, as Python's {@code datetime.now().strftime}. */
    public static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.US);
    }

    /** Thrown by {@code raise_exception}; its message is the template author's. */
    static final class TemplateRaisedException extends RuntimeException {
        TemplateRaisedException(String message) {
            super(message);
        }
    }

    /** Hugging Face's {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    static final class ToJson implements Filter {
        private static final List<String> PARAMETERS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object[] values = new Object[PARAMETERS.size()];
            for (int i = 0; i < args.length; i++) {
                if (i >= values.length) {
                    throw new IllegalArgumentException("tojson takes at most " + values.length + " arguments");
                }
                values[i] = args[i];
            }
            kwargs.forEach((name, value) -> {
                int i = PARAMETERS.indexOf(name);
                if (i < 0) {
                    throw new IllegalArgumentException("tojson got an unexpected keyword argument '" + name + "'");
                }
                values[i] = value;
            });
            return new PythonJson(truthy(values[0]), indent(values[1]), separators(values[2]), truthy(values[3]))
                    .dumps(var);
        }

        private static String indent(Object value) {
            return switch (value) {
                case null -> null;
                case Number n -> " ".repeat((int) Math.max(0, n.longValue()));
                default -> value.toString();
            };
        }

        private static List<String> separators(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof List<?> pair && pair.size() == 2) {
                return List.of(String.valueOf(pair.get(0)), String.valueOf(pair.get(1)));
            }
            throw new IllegalArgumentException("tojson separators must be an (item, key) pair");
        }

        private static boolean truthy(Object value) {
            return value instanceof Boolean b ? b : value != null;
        }
    }

    /**
     * {@code {% generation %}...{% endgeneration %}}: Hugging Face marks the assistant's tokens
     * with it (for training masks); for rendering it is its body.
     */
    static final class Generation implements Tag {
        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            for (Node child : tagNode.getChildren()) {
                out.append(child.render(interpreter).getValue());
            }
            return out.toString();
        }
    }
}
