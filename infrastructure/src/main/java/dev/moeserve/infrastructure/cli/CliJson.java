package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** JSON input files and error lines shared by the checking commands ({@code tokenize}, {@code chat-template}). */
final class CliJson {
    private CliJson() {
    }

    /** The file's top-level JSON array, or an error naming the file and what it should hold. */
    static JsonNode readArray(Path file, String expected) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("missing input file: " + file);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON in " + file + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + " must hold a JSON array (" + expected + "), found "
                    + (root == null || root.isMissingNode() ? "nothing" : kind(root)));
        }
        return root;
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    static int fail(CommandSpec spec, String command, String message) {
        spec.commandLine().getErr().println("moeserve " + command + ": " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
