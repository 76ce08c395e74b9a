package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.infrastructure.tokenizer.HuggingFaceTextCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve chat-template --tokenizer DIR --input FILE.json}: each conversation rendered by
 * the checkpoint's chat template (with the generation prompt) and its ids, for checking against
 * Hugging Face's {@code apply_chat_template}.
 */
@Command(name = "chat-template", mixinStandardHelpOptions = true,
        description = {"Read a JSON array of conversations and print a JSON array of {\"text\", \"ids\"},"
                + " rendered by the checkpoint's chat template with add_generation_prompt=true.",
                "A conversation is a list of messages, or an object {\"messages\": [...], ...} whose other"
                        + " fields (e.g. \"tools\") are passed to the template as variables."})
final class ChatTemplateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "Folder with the checkpoint's tokenizer.json and tokenizer_config.json.")
    private Path tokenizer;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "JSON array of conversations (each a list of {\"role\", \"content\", ...} messages).")
    private Path input;

    /** One rendered conversation; the ids encode the text as it is (the template writes BOS itself). */
    record Rendered(String text, int[] ids) {
    }

    @Override
    public Integer call() {
        try {
            List<Conversation> conversations = readConversations();
            List<Rendered> out = new ArrayList<>(conversations.size());
            try (HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(tokenizer)) {
                for (Conversation conversation : conversations) {
                    String text = codec.renderChat(conversation.messages(), conversation.variables(), true);
                    out.add(new Rendered(text, codec.encode(text)));
                }
            }
            spec.commandLine().getOut().println(JSON.writeValueAsString(out));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | ApplicationException e) {
            return CliJson.fail(spec, "chat-template", e.getMessage());
        } catch (JsonProcessingException e) {
            return CliJson.fail(spec, "chat-template", "could not write the result: " + e.getOriginalMessage());
        }
    }

    private record Conversation(List<Map<String, Object>> messages, Map<String, Object> variables) {
    }

    private List<Conversation> readConversations() {
        JsonNode root = CliJson.readArray(input, "an array of message lists");
        List<Conversation> conversations = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode messages = item.isObject() ? item.get("messages") : item;
            if (messages == null || !messages.isArray()) {
                throw new IllegalArgumentException(input + ": conversation " + i
                        + " must be a list of messages or an object with \"messages\", found " + CliJson.kind(item));
            }
            List<Map<String, Object>> list = new ArrayList<>(messages.size());
            for (int m = 0; m < messages.size(); m++) {
                if (!messages.get(m).isObject()) {
                    throw new IllegalArgumentException(input + ": conversation " + i + ", message " + m
                            + " must be an object, found " + CliJson.kind(messages.get(m)));
                }
                list.add(plain(messages.get(m)));
            }
            Map<String, Object> variables = new LinkedHashMap<>();
            if (item.isObject()) {
                item.properties().forEach(field -> {
                    if (!field.getKey().equals("messages")) {
                        variables.put(field.getKey(), JSON.convertValue(field.getValue(), Object.class));
                    }
                });
            }
            conversations.add(new Conversation(list, variables));
        }
        return conversations;
    }

    /** JSON to the maps, lists, strings, numbers, booleans and nulls a template reads. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(JsonNode message) {
        return JSON.convertValue(message, LinkedHashMap.class);
    }
}
