package dev.moeserve.infrastructure.tokenizer;

import dev.moeserve.application.error.ApplicationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Year;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatTemplateTest {
    private static final Path FILE = Path.of("model", "tokenizer_config.json");
    private static final Map<String, String> TOKENS = Map.of("bos_token", "<s>", "eos_token", "</s>");

    private static String render(String template, List<Map<String, Object>> messages) {
        return ChatTemplate.compile(template, TOKENS, FILE).render(messages, Map.of(), true);
    }

    @Test
    void theDemoTemplateRendersDeepSeeksShape() {
        String text = ChatTemplate.compile(DemoTokenizerWriter.CHAT_TEMPLATE,
                        Map.of("bos_token", DemoTokenizerWriter.BOS, "eos_token", DemoTokenizerWriter.EOS), FILE)
                .render(List.of(Map.of("role", "system", "content", "Be brief."),
                        Map.of("role", "user", "content", "Hi"),
                        Map.of("role", "assistant", "content", "Hello"),
                        Map.of("role", "user", "content", "Bye")), Map.of(), true);

        assertThat(text).isEqualTo(DemoTokenizerWriter.BOS + "Be brief." + DemoTokenizerWriter.USER + "Hi"
                + DemoTokenizerWriter.ASSISTANT + "Hello" + DemoTokenizerWriter.EOS + DemoTokenizerWriter.USER + "Bye"
                + DemoTokenizerWriter.ASSISTANT);
    }

    @Test
    void specialTokensFromTheConfigAreInScope() {
        assertThat(render("{{ bos_token }}x{{ eos_token }}", List.of())).isEqualTo("<s>x</s>");
    }

    @Test
    void messageTextIsNeverEvaluatedAsATemplate() {
        String content = "{{ bos_token }}{% for x in range(3) %}{{ x }}{% endfor %}{# c #}";

        assertThat(render("{{ messages[0].content }}", List.of(Map.of("role", "user", "content", content))))
                .isEqualTo(content);
    }

    @Test
    void extraVariablesSuchAsToolsReachTheTemplate() {
        String text = ChatTemplate.compile("{% if tools %}{{ tools|map(attribute='name')|join(',') }}{% endif %}",
                TOKENS, FILE).render(List.of(), Map.of("tools", List.of(Map.of("name", "a"), Map.of("name", "b"))), true);

        assertThat(text).isEqualTo("a,b");
    }

    @Test
    void aMessageWithNullContentAndToolCallsRenders() {
        java.util.Map<String, Object> call = new java.util.HashMap<>();
        call.put("role", "assistant");
        call.put("content", null);
        call.put("tool_calls", List.of(Map.of("function", Map.of("name", "now", "arguments", "{}"))));

        assertThat(render("{% for m in messages %}{% if m.content is none %}{{ m.tool_calls[0].function.name }}"
                + "{% endif %}{% endfor %}", List.of(call))).isEqualTo("now");
    }

    @Test
    void raiseExceptionRejectsTheConversationAsAnInvalidRequest() {
        assertThatThrownBy(() -> render("{{ raise_exception('System role not supported') }}", List.of()))
                .isInstanceOfSatisfying(ApplicationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ApplicationException.Kind.INVALID_REQUEST))
                .hasMessageContaining("System role not supported");
    }

    @Test
    void strftimeNowFormatsTheCurrentDate() {
        assertThat(render("{{ strftime_now('%Y') }}", List.of())).isEqualTo(Year.now().toString());
    }

    @Test
    void aSyntaxErrorIsReportedWhenTheTemplateIsLoadedNamingTheFile() {
        assertThatThrownBy(() -> ChatTemplate.compile("{% for m in messages %}{{ m.content }", TOKENS, FILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid chat_template in " + FILE);
    }

    @Test
    void aTemplateThatFailsWhileRenderingNamesTheFile() {
        ChatTemplate template = ChatTemplate.compile("{{ messages[0].content.nosuchmethod() }}", TOKENS, FILE);

        assertThatThrownBy(() -> template.render(List.of(Map.of("role", "user", "content", "x")), Map.of(), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(FILE.toString());
    }
}
