package dev.moeserve.infrastructure.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.moeserve.application.error.ApplicationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Templates exercising the Jinja features chat templates use, each rendered by Python's Jinja2 in
 * Hugging Face's environment (see {@code tokenizer/jinja/generate_expected.py}) and here by Jinjava.
 */
class JinjaCompatibilityTest {

    record Case(String name, String template, Map<String, Object> context, String text, String error) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return DeepSeekV3Fixtures.read("tokenizer/jinja/jinja-cases.json", new TypeReference<List<Case>>() { });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersAsJinja2(Case c) {
        Map<String, Object> variables = new HashMap<>(c.context());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> messages = (List<Map<String, Object>>) variables.remove("messages");
        ChatTemplate template = ChatTemplate.compile(c.template(), Map.of(), Path.of("case.jinja"));

        if (c.error() != null) {
            assertThatThrownBy(() -> template.render(messages == null ? List.of() : messages, variables, false))
                    .isInstanceOf(ApplicationException.class)
                    .hasMessageContaining(c.error());
        } else {
            assertThat(template.render(messages == null ? List.of() : messages, variables, false)).isEqualTo(c.text());
        }
    }
}
