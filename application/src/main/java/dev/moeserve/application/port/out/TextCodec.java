package dev.moeserve.application.port.out;

import dev.moeserve.application.port.in.ChatMessage;

import java.util.List;
import java.util.OptionalInt;

/** Outbound port (the tokenizer): text to token ids and back, and the model's chat format. */
public interface TextCodec {
    /** Ids of the text, with no special tokens added (special tokens written in the text still match). */
    int[] encode(String text);

    String decode(int[] ids);

    /** The conversation rendered by the model's chat template, ready for a generation prompt. */
    String renderChat(List<ChatMessage> messages);

    /** The token that ends generation, if the tokenizer names one. */
    OptionalInt endOfSequenceId();
}
