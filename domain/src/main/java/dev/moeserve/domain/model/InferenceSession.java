package dev.moeserve.domain.model;

/**
 * One sequence being run through a {@link Transformer}: it owns the sequence's latent cache and position.
 * Tokens are fed in order; each call returns next-token logits ([vocab_size]). Use a session from one
 * thread at a time; the transformer's weights are shared between sessions.
 */
public interface InferenceSession extends AutoCloseable {

    /**
     * Feeds {@code tokenIds} at positions {@code position() ..} in one forward pass.
     *
     * @return [vocab_size] logits after the last of them
     */
    float[] prefill(int[] tokenIds);

    /**
     * Feeds one token at {@code position()}.
     *
     * @return [vocab_size] logits after it
     */
    float[] decode(int tokenId);

    /**
     * Like {@link #prefill}, but returns the logits after every token.
     *
     * @return [T * vocab_size] row-major: row t holds the logits after {@code tokenIds[t]}
     */
    float[] prefillAllPositions(int[] tokenIds);

    /** Tokens fed so far (the position of the next token). */
    int position();

    /** The most tokens this session may hold. */
    int maxTokens();

    /**
     * Copies the cached latent rows of tokens {@code [start, start + tokens)} (already fed) out of this
     * session, every layer; the caller owns and closes the block.
     */
    LatentBlock exportLatents(int start, int tokens);

    /**
     * Starts a fresh session (position 0) from cached blocks: their rows become this session's first
     * tokens, exactly as if those tokens had been fed, and the position moves past them.
     */
    void importLatents(java.util.List<LatentBlock> blocks);

    /** Frees the latent cache and buffers. */
    @Override
    void close();
}
