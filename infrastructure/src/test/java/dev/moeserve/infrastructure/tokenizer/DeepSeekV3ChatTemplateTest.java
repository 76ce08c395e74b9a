package dev.moeserve.infrastructure.tokenizer;

import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.infrastructure.tokenizer.DeepSeekV3Fixtures.ChatCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** DeepSeek-V3's own chat_template, rendered by Jinjava, against Python's Jinja2. */
class DeepSeekV3ChatTemplateTest {

    static List<ChatCase> chatCases() {
        return DeepSeekV3Fixtures.chatCases();
    }

    static List<ChatCase> moreChatCases() {
        return DeepSeekV3Fixtures.moreChatCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("chatCases")
    void rendersTheReferenceTextAndIds(ChatCase c) {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();

        String text = codec.renderChat(c.messages(), Map.of(), c.addGenerationPrompt());

        assertThat(text).isEqualTo(c.text());
        assertThat(codec.encode(text)).containsExactly(c.ids());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moreChatCases")
    void rendersToolCallsAndSystemPromptsAsJinja2Does(ChatCase c) {
        assertThat(DeepSeekV3Fixtures.codec().renderChat(c.messages(), Map.of(), c.addGenerationPrompt()))
                .isEqualTo(c.text());
    }

    @Test
    void theApplicationPortRendersWithTheGenerationPrompt() {
        ChatCase first = chatCases().getFirst();
        List<ChatMessage> messages = first.messages().stream()
                .map(m -> new ChatMessage((String) m.get("role"), (String) m.get("content")))
                .toList();

        assertThat(DeepSeekV3Fixtures.codec().renderChat(messages)).isEqualTo(first.text());
    }

    @Test
    void withoutTheGenerationPromptTheTextEndsWithTheLastTurn() {
        String text = DeepSeekV3Fixtures.codec()
                .renderChat(List.of(Map.of("role", "user", "content", "Hello!")), Map.of(), false);

        assertThat(text).isEqualTo("<｜begin▁of▁sentence｜><｜User｜>Hello!");
    }

    @Test
    void theRenderedPromptStartsWithOneBosIdBecauseTheTemplateWritesIt() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        int[] ids = codec.encode(codec.renderChat(chatCases().getFirst().messages(), Map.of(), true));

        assertThat(ids[0]).isZero();
        assertThat(ids).containsOnlyOnce(0);
    }
}
