package dev.moeserve.application.completion;

import dev.moeserve.application.port.out.TextCodec;

import java.util.Arrays;

/**
 * Turns the ids of one generated sequence, as they arrive, into text pieces that are safe to
 * stream: never half a character. With byte-level BPE one character can take several tokens
 * (an emoji's four UTF-8 bytes, a CJK character's three); decoding such a token alone gives
 * U+FFFD, so a piece is held back while its text ends in an incomplete character, and released
 * with the token that completes it. Concatenated, the pieces are the decoding of all the ids.
 *
 * <p>It decodes a short window of recent ids rather than single ids, so tokenizers whose decoding
 * depends on the neighbour (SentencePiece's leading space) are handled too. The window starts
 * at the last piece handed out; a character that is never completed is flushed by {@link #finish()}
 * as the tokenizer decodes it (with U+FFFD). One instance per sequence; not thread-safe.
 */
public final class IncrementalDecoder {
    private static final char REPLACEMENT = '\uFFFD';

    private final TextCodec codec;
    /** Ids from the start of the window; [0, readOffset) were already handed out. */
    private int[] window = new int[16];
    private int size;
    private int readOffset;

    public IncrementalDecoder(TextCodec codec) {
        this.codec = codec;
    }

    /** Adds the next id; returns the text it completes, or "" while a character is incomplete. */
    public String next(int id) {
        if (size == window.length) {
            window = Arrays.copyOf(window, size * 2);
        }
        window[size++] = id;
        String handedOut = codec.decode(Arrays.copyOf(window, readOffset));
        String all = codec.decode(Arrays.copyOf(window, size));
        if (all.length() <= handedOut.length() || all.charAt(all.length() - 1) == REPLACEMENT) {
            return "";
        }
        String piece = all.substring(handedOut.length());
        // The ids just handed out become the window's context for the next piece.
        System.arraycopy(window, readOffset, window, 0, size - readOffset);
        size -= readOffset;
        readOffset = size;
        return piece;
    }

    /** The end of the sequence: whatever is still held back, as the tokenizer decodes it. */
    public String finish() {
        String handedOut = codec.decode(Arrays.copyOf(window, readOffset));
        String all = codec.decode(Arrays.copyOf(window, size));
        size = 0;
        readOffset = 0;
        return all.length() > handedOut.length() ? all.substring(handedOut.length()) : "";
    }
}
