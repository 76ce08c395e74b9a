package dev.moeserve.infrastructure.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.moeserve.application.error.ApplicationException;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model's Jinja chat template, rendered the way Hugging Face's {@code apply_chat_template}
 * does: the special tokens of {@code tokenizer_config.json} ({@code bos_token}, {@code eos_token},
 * ...) and any extra variables ({@code tools}, ...) are in scope, then {@code messages} and
 * {@code add_generation_prompt}. Messages are plain maps, so whatever fields a template reads
 * ({@code tool_calls}, {@code reasoning_content}, a {@code null} content) reach it.
 */
final class ChatTemplate {
    private final Jinjava jinja;
    private final String source;
    private final Map<String, String> specialTokens;
    private final Path file;

    private ChatTemplate(Jinjava jinja, String source, Map<String, String> specialTokens, Path file) {
        this.jinja = jinja;
        this.source = source;
        this.specialTokens = Map.copyOf(specialTokens);
        this.file = file;
    }

    /**
     * Compiles a template, failing on syntax errors now rather than on the first request.
     *
     * @param file where the template came from, named in every error
     */
    static ChatTemplate compile(String template, Map<String, String> specialTokens, Path file) {
        Jinjava jinja = HuggingFaceJinja.create();
        String source = JinjaSource.prepare(template);
        JinjavaInterpreter interpreter = jinja.newInterpreter();
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            interpreter.parse(source);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        firstFatal(interpreter.getErrorsCopy()).ifPresent(error -> {
            throw new IllegalArgumentException("invalid chat_template in " + file + ": " + describe(error));
        });
        return new ChatTemplate(jinja, source, specialTokens, file);
    }

    /**
     * @param messages            the conversation, each message a map ({@code role}, {@code content}, ...)
     * @param variables           more names for the template ({@code tools}, {@code documents}, ...)
     * @param addGenerationPrompt whether to end with the opening of an assistant turn
     * @throws ApplicationException (invalid request) when the template rejects the conversation
     *                              through {@code raise_exception}
     */
    String render(List<? extends Map<String, ?>> messages, Map<String, ?> variables, boolean addGenerationPrompt) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.putAll(variables);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = jinja.renderForResult(source, context);
        Optional<TemplateError> fatal = firstFatal(result.getErrors());
        if (fatal.isPresent()) {
            Optional<String> raised = raisedMessage(fatal.get());
            if (raised.isPresent()) {
                throw ApplicationException.invalidRequest("invalid_value",
                        "The model's chat template rejected the messages: " + raised.get());
            }
            throw new IllegalStateException("chat_template of " + file + " failed: " + describe(fatal.get()));
        }
        return result.getOutput();
    }

    private static Optional<TemplateError> firstFatal(List<TemplateError> errors) {
        return errors.stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).findFirst();
    }

    /** The message of {@code raise_exception(...)}, which Jinjava wraps in its own errors. */
    private static Optional<String> raisedMessage(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof HuggingFaceJinja.TemplateRaisedException raised) {
                return Optional.of(raised.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String describe(TemplateError error) {
        return error.getMessage() + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
    }
}
