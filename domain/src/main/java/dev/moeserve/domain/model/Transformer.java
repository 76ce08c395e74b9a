package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A DeepSeek-V2/V3 language model on a {@link ComputeBackend}: token embedding, {@code num_hidden_layers}
 * {@link Block}s, a final RMSNorm and {@code lm_head}. Holds the uploaded weights, which every
 * {@link InferenceSession} shares; safe to use from several threads through separate sessions.
 *
 * <p>The forward pass is a fixed sequence of backend ops; it never touches device memory or asks which
 * backend it runs on.
 */
public final class Transformer implements AutoCloseable {
    private final ModelConfig config;
    private final ComputeBackend backend;
    private final float eps;
    private final Tensor ropeTable;   // [max_position_embeddings, qk_rope_head_dim] cos/sin
    private final Tensor embedTokens; // [vocab, hidden]
    private final List<Block> blocks; // [num_hidden_layers]
    private final Tensor norm;        // [hidden]
    private final Tensor lmHead;      // [vocab, hidden]; embed_tokens when tied
    private final List<Tensor> owned;

    private Transformer(ModelConfig config, ComputeBackend backend, Tensor ropeTable, Tensor embedTokens,
                        List<Block> blocks, Tensor norm, Tensor lmHead, List<Tensor> owned) {
        this.config = config;
        this.backend = backend;
        this.eps = (float) config.rmsNormEps();
        this.ropeTable = ropeTable;
        this.embedTokens = embedTokens;
        this.blocks = List.copyOf(blocks);
        this.norm = norm;
        this.lmHead = lmHead;
        this.owned = owned;
    }

    /**
     * Builds the model from a checkpoint's tensors, uploading every weight to {@code backend} in its
     * stored format. The weight source must stay open while the model is used (backends may map its
     * memory rather than copy it).
     *
     * @throws ModelLoadException naming the tensor that is missing, mis-shaped or of an unsupported dtype
     */
    public static Transformer load(ModelConfig config, WeightSource weights, ComputeBackend backend) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(backend, "backend");
        RotaryTables rotary = RotaryTables.of(config);
        int positions = config.maxPositionEmbeddings();
        Tensor ropeTable = backend.allocate(DType.F32, positions, config.qkRopeHeadDim());
        WeightLoader loader = new WeightLoader(weights, backend);
        try {
            backend.write(ropeTable, rotary.table(positions));
            int vocab = config.vocabSize();
            int hidden = config.hiddenSize();
            Tensor embed = loader.load("model.embed_tokens.weight", vocab, hidden);
            List<Block> blocks = new ArrayList<>(config.numHiddenLayers());
            for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                blocks.add(Block.load(loader, backend, config, rotary, ropeTable, layer));
            }
            Tensor norm = loader.load("model.norm.weight", hidden);
            Tensor lmHead = config.tieWordEmbeddings() ? embed : loader.load("lm_head.weight", vocab, hidden);
            List<Tensor> owned = new ArrayList<>(loader.uploaded());
            owned.add(ropeTable);
            return new Transformer(config, backend, ropeTable, embed, blocks, norm, lmHead, owned);
        } catch (RuntimeException e) {
            loader.freeAll();
            backend.free(ropeTable);
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    public ComputeBackend backend() {
        return backend;
    }

    /**
     * A session for up to {@code maxTokens} tokens (at most {@code max_position_embeddings}); it attends
     * absorbed in decode and naively in prefill (absorbed for a prefill whose expansion would be very large).
     */
    public InferenceSession newSession(int maxTokens) {
        return new TransformerSession(this, maxTokens, null);
    }

    /** A session that always attends with {@code mode}. */
    public InferenceSession newSession(int maxTokens, AttentionMode mode) {
        return new TransformerSession(this, maxTokens, Objects.requireNonNull(mode, "mode"));
    }

    /**
     * Runs {@code tokens} at positions {@code startPos ..}, appending them to {@code cache}.
     *
     * @param logits [T, vocab] when {@code allPositions}, else [1, vocab] for the last token
     */
    void forward(int[] tokens, int startPos, LatentCache cache, AttentionMode mode, Workspace ws, Tensor logits,
                 boolean allPositions) {
        int hidden = config.hiddenSize();
        Tensor h = ws.f32("h", hidden); // [T, hidden] residual stream
        backend.embed(embedTokens, tokens, h);
        for (int layer = 0; layer < blocks.size(); layer++) {
            blocks.get(layer).forward(h, startPos, cache.layer(layer), mode, ws);
        }
        Tensor normed = ws.f32("block.normed", hidden); // [T, hidden]
        backend.rmsNorm(h, norm, eps, normed);
        if (allPositions) {
            backend.linear(normed, lmHead, logits);
        } else {
            Tensor last = ws.f32Exact("last", 1, hidden); // [1, hidden]
            backend.copyRows(normed, tokens.length - 1, last, 0, 1);
            backend.linear(last, lmHead, logits);
        }
    }

    /**
     * One batched decode step: feeds {@code tokens[b]} to {@code sessions.get(b)} for every b, all in one
     * forward pass, so each weight is read once for the whole batch (each selected expert once, however
     * many of the tokens chose it). The sessions are independent sequences at any positions; each must be
     * a session of this model, open, with room for one more token, and none may appear twice. Numerically
     * the same as {@code sessions.get(b).decode(tokens[b])} for each b, up to fp32 round-off.
     *
     * <p>Allocates its buffers for this call; a loop that steps repeatedly should keep a
     * {@link #newBatchDecoder() BatchDecoder}, which reuses them.
     *
     * @return [B][vocab_size] the next-token logits of each session
     */
    public float[][] decodeBatch(List<? extends InferenceSession> sessions, int[] tokens) {
        try (BatchDecoder decoder = newBatchDecoder()) {
            return decoder.step(sessions, tokens);
        }
    }

    /** A reusable batched decode step over sessions of this model; see {@link #decodeBatch}. */
    public BatchDecoder newBatchDecoder() {
        return new BatchDecoder(this);
    }

    /**
     * One token of each of several sequences: row b of the pass is {@code tokens[b]} at {@code positions[b]}.
     *
     * @param caches [layer] -> the B caches of that layer, in row order
     * @param logits [B, vocab]
     */
    void forwardBatch(int[] tokens, int[] positions, List<List<Tensor>> caches, Workspace ws, Tensor logits) {
        int hidden = config.hiddenSize();
        Tensor h = ws.f32("h", hidden); // [B, hidden] residual stream
        backend.embed(embedTokens, tokens, h);
        for (int layer = 0; layer < blocks.size(); layer++) {
            blocks.get(layer).forwardBatch(h, positions, caches.get(layer), ws);
        }
        Tensor normed = ws.f32("block.normed", hidden); // [B, hidden]
        backend.rmsNorm(h, norm, eps, normed);
        backend.linear(normed, lmHead, logits);
    }

    /** Frees the weights on the backend. Sessions must be closed first. */
    @Override
    public void close() {
        owned.forEach(backend::free);
    }
}
