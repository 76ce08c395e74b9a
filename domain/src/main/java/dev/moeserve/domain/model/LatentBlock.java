package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.Tensor;

import java.util.List;

/**
 * A run of consecutive tokens' latent cache rows, every layer, copied out of a session so another
 * session with the same prefix can start from it instead of recomputing it (the prefix cache). It lives
 * on the backend like the cache itself.
 */
public final class LatentBlock implements AutoCloseable {
    private final ComputeBackend backend;
    private final List<Tensor> layers; // each [tokens, kv_lora_rank + qk_rope_head_dim]
    private final int tokens;
    private final long bytes;
    private boolean closed;

    LatentBlock(ComputeBackend backend, List<Tensor> layers, int tokens, long bytes) {
        this.backend = backend;
        this.layers = List.copyOf(layers);
        this.tokens = tokens;
        this.bytes = bytes;
    }

    public int tokens() {
        return tokens;
    }

    /** Backend memory this block holds. */
    public long bytes() {
        return bytes;
    }

    Tensor layer(int layer) {
        if (closed) {
            throw new IllegalStateException("latent block is closed");
        }
        return layers.get(layer);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            layers.forEach(backend::free);
        }
    }
}
