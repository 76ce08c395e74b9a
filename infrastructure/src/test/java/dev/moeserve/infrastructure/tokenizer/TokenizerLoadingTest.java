package dev.moeserve.infrastructure.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checkpoint folder with a missing or broken tokenizer file fails with the file's name. */
class TokenizerLoadingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theDemoTokenizerLoads() {
        DemoTokenizerWriter.write(dir);
        try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir)) {
            assertThat(codec.encode("Hi")).containsExactly(DemoTokenizerWriter.FIRST_BYTE_ID + 'H',
                    DemoTokenizerWriter.FIRST_BYTE_ID + 'i');
            assertThat(codec.encode("Hi", true)).as("add_bos_token is false").hasSize(2);
            assertThat(codec.endOfSequenceId()).hasValue(1);
            assertThat(codec.hasChatTemplate()).isTrue();
        }
    }

    @Test
    void aMissingTokenizerJsonIsNamed() {
        DemoTokenizerWriter.write(dir);
        delete("tokenizer.json");

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing tokenizer: " + dir.resolve("tokenizer.json"));
    }

    @Test
    void anInvalidTokenizerJsonIsNamed() throws IOException {
        DemoTokenizerWriter.write(dir);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 42");

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tokenizer " + dir.resolve("tokenizer.json"));
    }

    @Test
    void aMissingTokenizerConfigIsNamed() {
        DemoTokenizerWriter.write(dir);
        delete("tokenizer_config.json");

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing tokenizer config: " + dir.resolve("tokenizer_config.json"));
    }

    @Test
    void anInvalidTokenizerConfigIsNamed() throws IOException {
        DemoTokenizerWriter.write(dir);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"chat_template\": ");

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid tokenizer config " + dir.resolve("tokenizer_config.json"));
    }

    @Test
    void aChatTemplateThatDoesNotParseIsNamed() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> config.put("chat_template", "{% if messages %}never closed"));

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid chat_template in " + dir.resolve("tokenizer_config.json"));
    }

    @Test
    void aChatTemplateOfTheWrongTypeIsNamed() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> config.put("chat_template", 42));

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid chat_template in " + dir.resolve("tokenizer_config.json"));
    }

    @Test
    void withoutAChatTemplateEncodingWorksAndChatSaysWhichFileLacksIt() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> config.remove("chat_template"));

        try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir)) {
            assertThat(codec.hasChatTemplate()).isFalse();
            assertThat(codec.encode("a")).hasSize(1);
            assertThatThrownBy(() -> codec.renderChat(List.of(Map.of("role", "user", "content", "a")), Map.of(), true))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no chat_template in " + dir.resolve("tokenizer_config.json"));
        }
    }

    @Test
    void aNamedTemplateListUsesTheDefaultOne() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> {
            var list = config.putArray("chat_template");
            list.addObject().put("name", "tool_use").put("template", "tools");
            list.addObject().put("name", "default").put("template", "default:{{ messages|length }}");
        });

        try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir)) {
            assertThat(codec.renderChat(List.of(Map.of("role", "user", "content", "a")), Map.of(), true))
                    .isEqualTo("default:1");
        }
    }

    @Test
    void aChatTemplateJinjaFileTakesPrecedence() throws IOException {
        DemoTokenizerWriter.write(dir);
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}from the file\n");

        try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir)) {
            assertThat(codec.renderChat(List.of(), Map.of(), true)).isEqualTo(DemoTokenizerWriter.BOS + "from the file");
        }
    }

    @Test
    void addBosTokenNeedsABosTokenInTheVocabulary() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> config.put("add_bos_token", true).put("bos_token", "<not a token>"));

        assertThatThrownBy(() -> HuggingFaceTextCodec.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve("tokenizer_config.json").toString())
                .hasMessageContaining("add_bos_token");
    }

    @Test
    void addBosAndEosTokenAreHonouredWhenAskedForSpecialTokens() throws IOException {
        DemoTokenizerWriter.write(dir);
        editConfig(config -> config.put("add_bos_token", true).put("add_eos_token", true));

        try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir)) {
            assertThat(codec.encode("A", true)).containsExactly(0, DemoTokenizerWriter.FIRST_BYTE_ID + 'A', 1);
            assertThat(codec.encode("A")).containsExactly(DemoTokenizerWriter.FIRST_BYTE_ID + 'A');
        }
    }

    private void delete(String name) {
        try {
            Files.delete(dir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void editConfig(Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("tokenizer_config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(config);
        JSON.writeValue(file.toFile(), config);
    }
}
