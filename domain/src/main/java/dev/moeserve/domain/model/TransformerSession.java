package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.Tensor;

/** The {@link InferenceSession} of a {@link Transformer}. */
final class TransformerSession implements InferenceSession {
    private final Transformer model;
    private final ModelConfig config;
    private final AttentionMode forcedMode; // null: the default per pass length
    private final LatentCache cache;
    private Workspace decodeWorkspace;      // kept between decode steps so they allocate nothing
    private int position;
    private boolean closed;

    TransformerSession(Transformer model, int maxTokens, AttentionMode forcedMode) {
        this.model = model;
        this.config = model.config();
        if (maxTokens > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("a session of " + maxTokens + " tokens exceeds max_position_embeddings ("
                    + config.maxPositionEmbeddings() + ")");
        }
        this.forcedMode = forcedMode;
        this.cache = new LatentCache(model.backend(), config, maxTokens);
    }

    @Override
    public float[] prefill(int[] tokenIds) {
        return run(tokenIds, false);
    }

    @Override
    public float[] decode(int tokenId) {
        return run(new int[] {tokenId}, false);
    }

    @Override
    public float[] prefillAllPositions(int[] tokenIds) {
        return run(tokenIds, true);
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public int maxTokens() {
        return cache.maxTokens();
    }

    private float[] run(int[] tokens, boolean allPositions) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no tokens to feed");
        }
        for (int id : tokens) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (0.."
                        + (config.vocabSize() - 1) + ")");
            }
        }
        int end = position + tokens.length;
        if (end > cache.maxTokens()) {
            throw new IllegalStateException("feeding " + tokens.length + " tokens at position " + position
                    + " exceeds this session's " + cache.maxTokens() + " tokens");
        }
        cache.ensureCapacity(end, position);
        AttentionMode mode = forcedMode != null ? forcedMode : AttentionMode.defaultFor(tokens.length, end, config);
        boolean single = tokens.length == 1;
        Workspace ws = single ? decodeWorkspace() : new Workspace(model.backend(), tokens.length);
        try {
            int rows = allPositions ? tokens.length : 1;
            Tensor logits = ws.f32Exact("logits." + rows, rows, config.vocabSize()); // [rows, vocab]
            model.forward(tokens, position, cache, mode, ws, logits, allPositions);
            float[] out = new float[rows * config.vocabSize()];
            model.backend().read(logits, out);
            position = end;
            return out;
        } finally {
            if (!single) {
                ws.close();
            }
        }
    }

    @Override
    public LatentBlock exportLatents(int start, int tokens) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        if (start < 0 || tokens <= 0 || start + tokens > position) {
            throw new IllegalArgumentException("tokens [" + start + ", " + (start + tokens) + ") are not all cached (position "
                    + position + ")");
        }
        return cache.export(start, tokens);
    }

    @Override
    public void importLatents(java.util.List<LatentBlock> blocks) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        if (position != 0) {
            throw new IllegalStateException("cached blocks start a fresh session, but this one is at position " + position);
        }
        int total = blocks.stream().mapToInt(LatentBlock::tokens).sum();
        if (total > cache.maxTokens()) {
            throw new IllegalArgumentException(total + " cached tokens exceed this session's " + cache.maxTokens());
        }
        cache.ensureCapacity(total, 0);
        int at = 0;
        for (LatentBlock block : blocks) {
            cache.load(block, at);
            at += block.tokens();
        }
        position = total;
    }

    Transformer model() {
        return model;
    }

    LatentCache cache() {
        return cache;
    }

    /**
     * Checks that one more token {@code tokenId} may be fed and makes room for it in the cache; the batched
     * step calls this for every session before it runs, then {@link #advance()} after.
     */
    void prepareOneToken(int tokenId) {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
        if (tokenId < 0 || tokenId >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + tokenId + " is outside the vocabulary (0.."
                    + (config.vocabSize() - 1) + ")");
        }
        if (position + 1 > cache.maxTokens()) {
            throw new IllegalStateException("feeding 1 token at position " + position + " exceeds this session's "
                    + cache.maxTokens() + " tokens");
        }
        cache.ensureCapacity(position + 1, position);
    }

    /** Records that one token was fed by a batched step. */
    void advance() {
        position++;
    }

    private Workspace decodeWorkspace() {
        if (decodeWorkspace == null) {
            decodeWorkspace = new Workspace(model.backend(), 1);
        }
        return decodeWorkspace;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (decodeWorkspace != null) {
            decodeWorkspace.close();
        }
        cache.close();
    }
}
