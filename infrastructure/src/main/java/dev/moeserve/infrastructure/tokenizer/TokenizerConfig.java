package dev.moeserve.infrastructure.tokenizer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What moeserve reads from a checkpoint's {@code tokenizer_config.json}: whether encoding with
 * special tokens adds BOS/EOS, the special tokens by role ({@code bos_token} ...), and the chat
 * template, which newer checkpoints keep in {@code chat_template.jinja} beside it instead.
 *
 * @param specialTokens {@code *_token} fields as text, e.g. {@code bos_token -> <｜begin▁of▁sentence｜>}
 * @param chatTemplate  the template text, absent for checkpoints without a chat format
 * @param templateFile  the file the template came from (or would have), for error messages
 */
record TokenizerConfig(Path file, boolean addBosToken, boolean addEosToken, Map<String, String> specialTokens,
                       Optional<String> chatTemplate, Path templateFile) {

    static TokenizerConfig read(Path dir) {
        Path file = dir.resolve("tokenizer_config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("missing tokenizer config: " + file
                    + " (copy the checkpoint's tokenizer_config.json into that folder)");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid tokenizer config " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("invalid tokenizer config " + file + ": expected a JSON object");
        }
        Map<String, String> specials = new LinkedHashMap<>();
        root.properties().forEach(field -> {
            if (field.getKey().endsWith("_token")) {
                tokenText(field.getValue()).ifPresent(text -> specials.put(field.getKey(), text));
            }
        });

        Path jinjaFile = dir.resolve("chat_template.jinja");
        Optional<String> template;
        Path templateFile;
        if (Files.isRegularFile(jinjaFile)) {
            templateFile = jinjaFile;
            try {
                template = Optional.of(Files.readString(jinjaFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + jinjaFile, e);
            }
        } else {
            templateFile = file;
            template = chatTemplate(root.get("chat_template"), file);
        }
        return new TokenizerConfig(file, flag(root, "add_bos_token", file), flag(root, "add_eos_token", file),
                specials, template, templateFile);
    }

    /** Special tokens appear as plain strings or as {@code {"content": ...}} added-token objects. */
    private static Optional<String> tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return Optional.of(node.get("content").asText());
        }
        return Optional.empty();
    }

    private static boolean flag(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("invalid tokenizer config " + file + ": " + field + " must be true or false");
        }
        return node.asBoolean();
    }

    /**
     * A string, or (as Hugging Face also allows) a list of {@code {"name", "template"}} of which
     * the one named {@code default} is the chat format.
     */
    private static Optional<String> chatTemplate(JsonNode node, Path file) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(node.asText());
        }
        if (node.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode named : node) {
                String name = named.path("name").asText(null);
                names.add(name);
                if ("default".equals(name) && named.path("template").isTextual()) {
                    return Optional.of(named.get("template").asText());
                }
            }
            throw new IllegalArgumentException("invalid chat_template in " + file
                    + ": a list of templates needs one named 'default', found " + names);
        }
        throw new IllegalArgumentException("invalid chat_template in " + file + ": expected a string, found "
                + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
}
