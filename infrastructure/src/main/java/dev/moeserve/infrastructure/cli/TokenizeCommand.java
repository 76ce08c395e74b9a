package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.infrastructure.tokenizer.HuggingFaceTextCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve tokenize --tokenizer DIR --input FILE.json}: the ids of each string, for
 * checking the tokenizer against a reference implementation.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Read a JSON array of strings and print a JSON array of their token ids (no special tokens added).")
final class TokenizeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "Folder with the checkpoint's tokenizer.json and tokenizer_config.json.")
    private Path tokenizer;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSON array of strings.")
    private Path input;

    @Override
    public Integer call() {
        try {
            List<String> texts = readTexts();
            List<int[]> ids = new ArrayList<>(texts.size());
            try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(tokenizer)) {
                for (String text : texts) {
                    ids.add(codec.encode(text));
                }
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(ids));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return CliJson.fail(spec, "tokenize", e.getMessage());
        } catch (JsonProcessingException e) {
            return CliJson.fail(spec, "tokenize", "could not write the ids: " + e.getOriginalMessage());
        }
    }

    private List<String> readTexts() {
        JsonNode root = CliJson.readArray(input, "an array of strings");
        List<String> texts = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            if (!item.isTextual()) {
                throw new IllegalArgumentException(input + " must be a JSON array of strings; item " + i + " is "
                        + CliJson.kind(item));
            }
            texts.add(item.asText());
        }
        return texts;
    }
}
