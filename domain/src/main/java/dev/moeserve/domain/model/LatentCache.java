package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Tensor;

/**
 * The MLA key/value cache of one sequence: per layer and token only the normalized latent
 * ({@code kv_lora_rank} values) and the shared rotary key ({@code qk_rope_head_dim} values), never the
 * per-head keys and values, which attention re-derives through {@code kv_b_proj}.
 *
 * <p>Each layer's cache is one backend tensor [capacity, kv_lora_rank + qk_rope_head_dim] (F32); it
 * grows by doubling up to {@code maxTokens}, so a session sized for a long context costs only what it uses.
 */
public final class LatentCache implements AutoCloseable {
    private static final int INITIAL_CAPACITY = 256;

    private final ComputeBackend backend;
    private final int width;
    private final int maxTokens;
    private final Tensor[] layers; // each [capacity, kv_lora_rank + qk_rope_head_dim]
    private int capacity;

    public LatentCache(ComputeBackend backend, ModelConfig config, int maxTokens) {
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
        }
        this.backend = backend;
        this.width = config.latentWidth();
        this.maxTokens = maxTokens;
        this.layers = new Tensor[config.numHiddenLayers()];
        this.capacity = Math.min(maxTokens, INITIAL_CAPACITY);
        for (int l = 0; l < layers.length; l++) {
            layers[l] = backend.allocate(DType.F32, capacity, width);
        }
    }

    /** Bytes the cache holds per token: layers × (kv_lora_rank + qk_rope_head_dim) × 4. */
    public static long bytesPerToken(ModelConfig config) {
        return (long) config.numHiddenLayers() * config.latentWidth() * Float.BYTES;
    }

    /**
     * What a cache of full per-head keys and values would hold per token:
     * layers × heads × (qk_head_dim + v_head_dim) × 4, for comparison.
     */
    public static long multiHeadKvBytesPerToken(ModelConfig config) {
        return (long) config.numHiddenLayers() * config.numAttentionHeads()
                * (config.qkHeadDim() + config.vHeadDim()) * Float.BYTES;
    }

    /** Bytes this cache holds per token, measured from its tensors. */
    public long bytesPerToken() {
        long bytes = 0;
        for (Tensor layer : layers) {
            bytes += layer.dtype().bytesFor(layer.shape().elementCount()) / layer.shape().dim(0);
        }
        return bytes;
    }

    public int maxTokens() {
        return maxTokens;
    }

    public int capacity() {
        return capacity;
    }

    /** The cache tensor of layer {@code layer}: [capacity, kv_lora_rank + qk_rope_head_dim]. */
    Tensor layer(int layer) {
        return layers[layer];
    }

    /** Makes room for {@code tokens} tokens, keeping what is cached. */
    void ensureCapacity(int tokens, int cachedTokens) {
        if (tokens > maxTokens) {
            throw new IllegalStateException("sequence of " + tokens + " tokens exceeds this session's " + maxTokens);
        }
        if (tokens <= capacity) {
            return;
        }
        int grown = capacity;
        while (grown < tokens) {
            grown = (int) Math.min((long) grown * 2, maxTokens);
        }
        for (int l = 0; l < layers.length; l++) {
            Tensor bigger = backend.allocate(DType.F32, grown, width);
            if (cachedTokens > 0) {
                backend.copyRows(layers[l], 0, bigger, 0, cachedTokens);
            }
            backend.free(layers[l]);
            layers[l] = bigger;
        }
        capacity = grown;
    }

    /** Copies rows [start, start + tokens) of every layer into a new block. */
    LatentBlock export(int start, int tokens) {
        java.util.List<Tensor> copies = new java.util.ArrayList<>(layers.length);
        try {
            for (Tensor layer : layers) {
                Tensor copy = backend.allocate(DType.F32, tokens, width);
                copies.add(copy);
                backend.copyRows(layer, start, copy, 0, tokens);
            }
        } catch (RuntimeException e) {
            copies.forEach(backend::free);
            throw e;
        }
        return new LatentBlock(backend, copies, tokens, (long) layers.length * tokens * width * Float.BYTES);
    }

    /** Writes a block's rows at token {@code at} of every layer (capacity must already suffice). */
    void load(LatentBlock block, int at) {
        for (int l = 0; l < layers.length; l++) {
            backend.copyRows(block.layer(l), 0, layers[l], at, block.tokens());
        }
    }

    @Override
    public void close() {
        for (Tensor layer : layers) {
            backend.free(layer);
        }
    }
}
