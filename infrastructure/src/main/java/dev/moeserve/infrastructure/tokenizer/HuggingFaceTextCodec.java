package dev.moeserve.infrastructure.tokenizer;

import dev.moeserve.application.completion.IncrementalDecoder;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.out.TextCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The checkpoint's own tokenizer: {@code tokenizer.json} through Hugging Face's tokenizers
 * (DJL's binding of the Rust library, kept offline) and the {@code chat_template} of
 * {@code tokenizer_config.json} through Jinja (Jinjava, set up as Hugging Face's Jinja2).
 *
 * <p>Thread-safe: the Rust tokenizer and the template are read-only once loaded.
 */
public final class HuggingFaceTextCodec implements TextCodec, AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final TokenizerConfig config;
    private final Optional<ChatTemplate> chatTemplate;
    private final OptionalInt bosId;
    private final OptionalInt eosId;

    private HuggingFaceTextCodec(HuggingFaceTokenizer tokenizer, TokenizerConfig config,
                                 Optional<ChatTemplate> chatTemplate, OptionalInt bosId, OptionalInt eosId) {
        this.tokenizer = tokenizer;
        this.config = config;
        this.chatTemplate = chatTemplate;
        this.bosId = bosId;
        this.eosId = eosId;
    }

    /**
     * Loads {@code tokenizer.json} and {@code tokenizer_config.json} from a checkpoint folder.
     *
     * @throws IllegalArgumentException naming the file, when one is missing or invalid (including
     *                                  a chat template that does not parse)
     */
    public static HuggingFaceTextCodec load(Path checkpointDir) {
        OfflineDjl.ensure();
        Path tokenizerJson = checkpointDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("missing tokenizer: " + tokenizerJson
                    + " (copy the checkpoint's tokenizer.json into that folder)");
        }
        TokenizerConfig config = TokenizerConfig.read(checkpointDir);
        Optional<ChatTemplate> template = config.chatTemplate()
                .map(text -> ChatTemplate.compile(text, config.specialTokens(), config.templateFile()));
        HuggingFaceTokenizer tokenizer = open(tokenizerJson);
        try {
            OptionalInt bos = tokenId(tokenizer, config.specialTokens().get("bos_token"));
            OptionalInt eos = tokenId(tokenizer, config.specialTokens().get("eos_token"));
            requireId(config.addBosToken(), bos, "add_bos_token", "bos_token", config, tokenizerJson);
            requireId(config.addEosToken(), eos, "add_eos_token", "eos_token", config, tokenizerJson);
            return new HuggingFaceTextCodec(tokenizer, config, template, bos, eos);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer open(Path tokenizerJson) {
        try {
            // Padding and truncation are the caller's business; special tokens are added here, per call.
            return HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + tokenizerJson, e);
        } catch (RuntimeException e) {
            // The Rust library rejects a malformed file with a bare parse message; say which file.
            throw new IllegalArgumentException("invalid tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** The id of a special token, when its text is a single token of the vocabulary. */
    private static OptionalInt tokenId(HuggingFaceTokenizer tokenizer, String token) {
        if (token == null || token.isEmpty()) {
            return OptionalInt.empty();
        }
        long[] ids = tokenizer.encode(token, false, false).getIds();
        return ids.length == 1 ? OptionalInt.of(Math.toIntExact(ids[0])) : OptionalInt.empty();
    }

    private static void requireId(boolean wanted, OptionalInt id, String flag, String token, TokenizerConfig config,
                                  Path tokenizerJson) {
        if (wanted && id.isEmpty()) {
            throw new IllegalArgumentException("invalid tokenizer config " + config.file() + ": " + flag
                    + " is true but " + token + " " + config.specialTokens().get(token)
                    + " is not one token of " + tokenizerJson);
        }
    }

    /** Ids of the text, with no special tokens added (special tokens written in the text still match). */
    @Override
    public int[] encode(String text) {
        return toInts(tokenizer.encode(text, false, false).getIds());
    }

    /**
     * Ids of the text; with {@code addSpecialTokens}, BOS first and EOS last where
     * {@code tokenizer_config.json} asks for them ({@code add_bos_token}, {@code add_eos_token}),
     * as Hugging Face's tokenizer does.
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        int[] ids = encode(text);
        if (!addSpecialTokens) {
            return ids;
        }
        IntStream.Builder out = IntStream.builder();
        if (config.addBosToken()) {
            out.add(bosId.orElseThrow());
        }
        Arrays.stream(ids).forEach(out::add);
        if (config.addEosToken()) {
            out.add(eosId.orElseThrow());
        }
        return out.build().toArray();
    }

    /** The text of the ids, special tokens left out (what a user is shown). */
    @Override
    public int[] encodePrompt(String text) {
        return encode(text, true);
    }

    /** DeepSeek's fill-in-the-middle markers, as its tokenizers (V2, V3, Coder) define them. */
    private static final String FIM_BEGIN = "<｜fim▁begin｜>";
    private static final String FIM_HOLE = "<｜fim▁hole｜>";
    private static final String FIM_END = "<｜fim▁end｜>";

    @Override
    public java.util.Optional<String> fillInTheMiddle(String prefix, String suffix) {
        boolean supported = java.util.stream.Stream.of(FIM_BEGIN, FIM_HOLE, FIM_END).allMatch(t -> encode(t).length == 1);
        return supported ? java.util.Optional.of(FIM_BEGIN + prefix + FIM_HOLE + suffix + FIM_END) : java.util.Optional.empty();
    }

    @Override
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    /** The text of the ids; without skipping, special tokens appear as their text and the result re-encodes to the ids. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), skipSpecialTokens);
    }

    /** A decoder for one generated sequence that hands out only whole characters (see {@link IncrementalDecoder}). */
    public IncrementalDecoder incrementalDecoder() {
        return new IncrementalDecoder(this);
    }

    @Override
    public String renderChat(List<ChatMessage> messages) {
        List<Map<String, Object>> plain = messages.stream().map(m -> {
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("role", m.role());
            message.put("content", m.content());
            return message;
        }).toList();
        return renderChat(plain, Map.of(), true);
    }

    /**
     * The conversation rendered by the model's chat template.
     *
     * @param messages            messages as JSON-like maps: {@code role}, {@code content} (text or null),
     *                            and whatever else the template reads ({@code tool_calls}, ...)
     * @param variables           more names for the template, e.g. {@code tools}
     * @param addGenerationPrompt end with the opening of an assistant turn
     * @throws IllegalStateException when the checkpoint has no chat template, naming the file
     */
    public String renderChat(List<? extends Map<String, ?>> messages, Map<String, ?> variables,
                             boolean addGenerationPrompt) {
        return chatTemplate.orElseThrow(() -> new IllegalStateException("no chat_template in "
                        + config.templateFile() + ": this checkpoint's tokenizer defines no chat format"))
                .render(messages, variables, addGenerationPrompt);
    }

    public boolean hasChatTemplate() {
        return chatTemplate.isPresent();
    }

    /** The token that starts a sequence, if the tokenizer config names one. */
    public OptionalInt beginningOfSequenceId() {
        return bosId;
    }

    @Override
    public OptionalInt endOfSequenceId() {
        return eosId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }
}
