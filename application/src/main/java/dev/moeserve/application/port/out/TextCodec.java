package dev.moeserve.application.port.out;

import dev.moeserve.application.port.in.ChatMessage;

import java.util.List;
import java.util.OptionalInt;

/** Outbound port (the tokenizer): text to token ids and back, and the model's chat format. */
public interface TextCodec {
    /** Ids of the text, with no special tokens added (special tokens written in the text still match). */
    int[] encode(String text);

    /** Ids of a raw completion prompt, with the special tokens the tokenizer's config adds (BOS when add_bos_token). */
    int[] encodePrompt(String text);

    String decode(int[] ids);

    /** The prompt that asks the model to fill in between prefix and suffix, if its tokenizer has FIM tokens. */
    java.util.Optional<String> fillInTheMiddle(String prefix, String suffix);

    /** The conversation rendered by the model's chat template, ready for a generation prompt. */
    String renderChat(List<ChatMessage> messages);

    /** The token that ends generation, if the tokenizer names one. */
    OptionalInt endOfSequenceId();
}
