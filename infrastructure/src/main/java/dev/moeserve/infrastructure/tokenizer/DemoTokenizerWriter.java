package dev.moeserve.infrastructure.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the demo model's tokenizer: byte-level BPE with no merges, so every UTF-8 byte is one
 * token. Ids: 0 BOS, 1 EOS (as in DeepSeek-V3), 2..257 the 256 bytes, 258 User, 259 Assistant.
 */
public final class DemoTokenizerWriter {
    public static final String BOS = "<｜begin▁of▁sentence｜>";
    public static final String EOS = "<｜end▁of▁sentence｜>";
    public static final String USER = "<｜User｜>";
    public static final String ASSISTANT = "<｜Assistant｜>";
    /** First id of the byte tokens. */
    public static final int FIRST_BYTE_ID = 2;

    /** DeepSeek's template shape: BOS, system text, then User/Assistant turns. */
    static final String CHAT_TEMPLATE = "{{ bos_token }}"
            + "{% for message in messages %}"
            + "{% if message['role'] == 'user' %}" + USER + "{{ message['content'] }}"
            + "{% elif message['role'] == 'assistant' %}" + ASSISTANT + "{{ message['content'] }}{{ eos_token }}"
            + "{% else %}{{ message['content'] }}{% endif %}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}" + ASSISTANT + "{% endif %}";

    private DemoTokenizerWriter() {
    }

    public static void write(Path dir) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(dir);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer(json));
            ObjectNode config = json.createObjectNode();
            config.put("add_bos_token", false);
            config.put("add_eos_token", false);
            config.put("bos_token", BOS);
            config.put("eos_token", EOS);
            config.put("model_max_length", 4096);
            config.put("tokenizer_class", "PreTrainedTokenizerFast");
            config.put("chat_template", CHAT_TEMPLATE);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the demo tokenizer to " + dir, e);
        }
    }

    private static ObjectNode tokenizer(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        String[] specials = {BOS, EOS, USER, ASSISTANT};
        int[] specialIds = {0, 1, FIRST_BYTE_ID + 256, FIRST_BYTE_ID + 257};
        for (int i = 0; i < specials.length; i++) {
            ObjectNode t = added.addObject();
            t.put("id", specialIds[i]);
            t.put("content", specials[i]);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", false);
        pre.put("use_regex", false);
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", false);
        decoder.put("trim_offsets", false);
        decoder.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < specials.length; i++) {
            vocab.put(specials[i], specialIds[i]);
        }
        int[] byteToChar = ByteLevelAlphabet.byteToChar();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf((char) byteToChar[b]), FIRST_BYTE_ID + b);
        }
        model.putArray("merges");
        return root;
    }
}
