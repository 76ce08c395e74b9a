package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Runs {@code moeserve ARGS}; returns exit code, stdout and stderr. */
    record Run(int exitCode, String out, String err) {
    }

    static Run moeserve(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new MoeserveCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Path deepSeekV3() {
        try {
            return Path.of(TokenizeCommandTest.class.getClassLoader().getResource("tokenizer/deepseek-v3").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() throws IOException {
        try (InputStream in = TokenizeCommandTest.class.getClassLoader()
                .getResourceAsStream("tokenizer/deepseek-v3/deepseek-v3-expected.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void printsTheReferenceIdsOfEveryFixtureText() throws IOException {
        List<String> texts = new ArrayList<>();
        List<List<Integer>> ids = new ArrayList<>();
        for (JsonNode c : expected().get("encode")) {
            texts.add(c.get("text").asText());
            ids.add(JSON.convertValue(c.get("ids"), new TypeReference<List<Integer>>() { }));
        }
        Path input = dir.resolve("texts.json");
        JSON.writeValue(input.toFile(), texts);

        Run run = moeserve("tokenize", "--tokenizer", deepSeekV3().toString(), "--input", input.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readValue(run.out(), new TypeReference<List<List<Integer>>>() { })).isEqualTo(ids);
    }

    @Test
    void addsNoSpecialTokens() throws IOException {
        Path input = Files.writeString(dir.resolve("texts.json"), "[\"Hello\", \"\"]");

        Run run = moeserve("tokenize", "--tokenizer", deepSeekV3().toString(), "--input", input.toString());

        assertThat(run.out().strip()).isEqualTo("[[19923],[]]");
    }

    @Test
    void aMissingTokenizerFolderFailsNamingTheFile() throws IOException {
        Path input = Files.writeString(dir.resolve("texts.json"), "[\"x\"]");

        Run run = moeserve("tokenize", "--tokenizer", dir.resolve("nowhere").toString(), "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("moeserve tokenize: missing tokenizer: " + dir.resolve("nowhere/tokenizer.json"));
        assertThat(run.out()).isEmpty();
    }

    @Test
    void inputThatIsNotAnArrayOfStringsFailsNamingTheItem() throws IOException {
        Path input = Files.writeString(dir.resolve("texts.json"), "[\"x\", 3]");

        Run run = moeserve("tokenize", "--tokenizer", deepSeekV3().toString(), "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(input.toString()).contains("item 1 is number");
    }

    @Test
    void inputThatIsNotJsonFailsNamingTheFile() throws IOException {
        Path input = Files.writeString(dir.resolve("texts.json"), "[\"x\"");

        Run run = moeserve("tokenize", "--tokenizer", deepSeekV3().toString(), "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("invalid JSON in " + input);
    }
}
