package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.moeserve.infrastructure.tokenizer.DemoTokenizerWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.moeserve.infrastructure.cli.TokenizeCommandTest.deepSeekV3;
import static dev.moeserve.infrastructure.cli.TokenizeCommandTest.expected;
import static dev.moeserve.infrastructure.cli.TokenizeCommandTest.moeserve;
import static org.assertj.core.api.Assertions.assertThat;

class ChatTemplateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void printsTheReferenceTextAndIdsOfEveryFixtureConversation() throws IOException {
        JsonNode cases = expected().get("chat");
        ArrayNode conversations = JSON.createArrayNode();
        cases.forEach(c -> conversations.add(c.get("messages")));
        Path input = dir.resolve("chats.json");
        JSON.writeValue(input.toFile(), conversations);

        TokenizeCommandTest.Run run = moeserve("chat-template", "--tokenizer", deepSeekV3().toString(),
                "--input", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode out = JSON.readTree(run.out());
        assertThat(out).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            assertThat(out.get(i).get("text").asText()).isEqualTo(cases.get(i).get("text").asText());
            assertThat(out.get(i).get("ids")).isEqualTo(cases.get(i).get("ids"));
        }
    }

    @Test
    void passesEveryMessageFieldAndExtraVariablesToTheTemplate() throws IOException {
        Path input = Files.writeString(dir.resolve("chats.json"), """
                [{"messages": [
                   {"role": "user", "content": "Time?"},
                   {"role": "assistant", "content": null, "tool_calls": [
                     {"type": "function", "function": {"name": "now", "arguments": "{}"}}]},
                   {"role": "tool", "content": "12:00"}],
                  "unused_by_this_template": [1, 2]}]
                """);

        TokenizeCommandTest.Run run = moeserve("chat-template", "--tokenizer", deepSeekV3().toString(),
                "--input", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get(0).get("text").asText()).isEqualTo(
                "<｜begin▁of▁sentence｜><｜User｜>Time?<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function"
                        + "<｜tool▁sep｜>now\n```json\n{}\n```<｜tool▁call▁end｜><｜tool▁outputs▁begin｜>"
                        + "<｜tool▁output▁begin｜>12:00<｜tool▁output▁end｜><｜tool▁outputs▁end｜>");
    }

    @Test
    void rendersTheDemoTokenizersTemplate() throws IOException {
        Path tokenizer = dir.resolve("demo");
        DemoTokenizerWriter.write(tokenizer);
        Path input = Files.writeString(dir.resolve("chats.json"), "[[{\"role\": \"user\", \"content\": \"Hi\"}]]");

        TokenizeCommandTest.Run run = moeserve("chat-template", "--tokenizer", tokenizer.toString(),
                "--input", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode rendered = JSON.readTree(run.out()).get(0);
        assertThat(rendered.get("text").asText())
                .isEqualTo(DemoTokenizerWriter.BOS + DemoTokenizerWriter.USER + "Hi" + DemoTokenizerWriter.ASSISTANT);
        assertThat(rendered.get("ids").get(0).asInt()).isZero();
    }

    @Test
    void aTokenizerWithoutAChatTemplateFailsNamingTheConfig() throws IOException {
        Path tokenizer = dir.resolve("demo");
        DemoTokenizerWriter.write(tokenizer);
        Path config = tokenizer.resolve("tokenizer_config.json");
        Files.writeString(config, Files.readString(config).replaceAll("\"chat_template\"", "\"unused_template\""));
        Path input = Files.writeString(dir.resolve("chats.json"), "[[{\"role\": \"user\", \"content\": \"Hi\"}]]");

        TokenizeCommandTest.Run run = moeserve("chat-template", "--tokenizer", tokenizer.toString(),
                "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("moeserve chat-template: no chat_template in " + config);
    }

    @Test
    void aConversationThatIsNotAListFailsNamingIt() throws IOException {
        Path input = Files.writeString(dir.resolve("chats.json"), "[[{\"role\": \"user\", \"content\": \"Hi\"}], \"oops\"]");

        TokenizeCommandTest.Run run = moeserve("chat-template", "--tokenizer", deepSeekV3().toString(),
                "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("conversation 1");
    }
}
