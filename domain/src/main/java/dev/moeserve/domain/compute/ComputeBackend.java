package dev.moeserve.domain.compute;

import java.util.List;
import java.util.Optional;

/**
 * The compute port: a backend owns device memory and runs the operations of a DeepSeek-style
 * transformer on opaque {@link Tensor} handles (the shape of ggml-backend).
 *
 * <p>Contract for every op: inputs are read, results go into the output tensor the caller passes
 * (so a decode step allocates nothing); shapes and dtypes are checked and a mismatch is an
 * {@link IllegalArgumentException}. An op may alias its output with an input only where it says so.
 * A tensor of rank > 2 is read as a matrix {@code [rows, last dimension]} where an op says "rows".
 * Activations are F32, indices I32; weights may be any dtype in {@link BackendInfo#weightDTypes()},
 * decoded on the fly. Results must match the scalar definitions below to float32 round-off.
 *
 * <p>Ops are safe to call from several threads at once on distinct output tensors.
 */
public interface ComputeBackend extends AutoCloseable {

    BackendInfo info();

    /**
     * Why this backend cannot hold {@code weight}, if it cannot.
     */
    default Optional<String> rejectWeight(HostTensor weight) {
        if (!info().supportsWeights(weight.dtype())) {
            return Optional.of("backend " + info().name() + " does not support " + weight.dtype() + " weights (supported: "
                    + info().weightDTypes() + ")");
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- memory

    /**
     * Makes a weight available to ops, in its stored format (quantized weights keep their block
     * scales). A backend may keep referring to {@code weight.data()} instead of copying it (the CPU
     * backend does, over memory-mapped files), so the caller keeps that memory alive until it frees
     * the returned tensor.
     */
    Tensor upload(HostTensor weight);

    /**
     * Groups uploaded weights of identical shape {@code [out, in]} into one handle
     * {@code [experts, out, in]} for {@link #groupedExpertGemm}. The handle refers to the given tensors:
     * freeing it frees them too.
     */
    Tensor stackExperts(List<Tensor> experts);

    /** A new zero-filled activation tensor, F32 or I32. */
    Tensor allocate(DType dtype, int... dims);

    /** Copies host values into an F32 tensor of exactly {@code values.length} elements. */
    void write(Tensor dst, float[] values);

    /** Copies host values into an I32 tensor of exactly {@code values.length} elements. */
    void write(Tensor dst, int[] values);

    /** Copies an F32 tensor of exactly {@code out.length} elements to the host. */
    void read(Tensor src, float[] out);

    /** Copies an I32 tensor of exactly {@code out.length} elements to the host. */
    void read(Tensor src, int[] out);

    /** Releases a tensor; using it afterwards is an error. Freeing twice is harmless. */
    void free(Tensor tensor);

    /** Releases the backend's own resources (threads, contexts). Tensors must be freed first. */
    @Override
    void close();

    // ---------------------------------------------------------------- element-wise and copies

    /** {@code out[t] = table[tokenIds[t]]}; table [vocab, hidden], out [T, hidden]. */
    void embed(Tensor table, int[] tokenIds, Tensor out);

    /** {@code out = a + b}, same shapes; {@code out} may alias either input. */
    void add(Tensor a, Tensor b, Tensor out);

    /** {@code out = silu(gate) * up} with {@code silu(x) = x * sigmoid(x)}; {@code out} may alias either input. */
    void siluMul(Tensor gate, Tensor up, Tensor out);

    /** Copies {@code rows} rows from {@code src[srcRow..]} into {@code dst[dstRow..]}; same row width. */
    void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows);

    // ---------------------------------------------------------------- dense layers

    /** {@code out = x · wᵀ}: x [rows, in] F32, w [out, in] any weight dtype, out [rows, out]. */
    void linear(Tensor x, Tensor w, Tensor out);

    /**
     * RMSNorm of every row: {@code out = x * rsqrt(mean(x²) + eps) * weight}; x and out [rows, d],
     * weight [d]; {@code out} may alias {@code x}.
     */
    void rmsNorm(Tensor x, Tensor weight, float eps, Tensor out);

    /**
     * Rotary embedding, in place. Every row of {@code x} [T, heads * headDim] holds {@code heads}
     * groups of {@code headDim}; in each, the {@code ropeDim} values from {@code offset} are rotated in
     * interleaved pairs {@code (x[2i], x[2i+1])} by the angle of position {@code startPos + t}:
     * {@code (a, b) -> (a cos - b sin, a sin + b cos)}. {@code table} [positions, ropeDim] holds
     * {@code cos, sin} for pair i at columns {@code 2i, 2i+1}.
     */
    void rope(Tensor x, Tensor table, int startPos, int heads, int headDim, int offset);

    /**
     * {@link #rope(Tensor, Tensor, int, int, int, int)} with a position per row: row t of {@code x} is
     * rotated by the angle of {@code positions[t]} (one token of each of several sequences in a batched
     * decode step).
     */
    void rope(Tensor x, Tensor table, int[] positions, int heads, int headDim, int offset);

    // ---------------------------------------------------------------- MLA over the latent cache

    /**
     * Writes tokens {@code startPos .. startPos+T-1} into a layer's latent cache
     * {@code cache} [capacity, kvLoraRank + ropeDim]: from {@code kvA} [T, kvLoraRank + ropeDim]
     * (the output of {@code kv_a_proj_with_mqa}), the latent part RMS-normalized with
     * {@code norm} [kvLoraRank] and the shared rotary key rotated as {@link #rope} does.
     */
    void latentCacheWrite(Tensor kvA, Tensor norm, float eps, Tensor ropeTable, int startPos, Tensor cache);

    /**
     * The batched-decode form of {@link #latentCacheWrite(Tensor, Tensor, float, Tensor, int, Tensor)}: row b
     * of {@code kvA} [B, kvLoraRank + ropeDim] is one token of sequence b, written into
     * {@code caches.get(b)} at position {@code positions[b]}.
     */
    void latentCacheWrite(Tensor kvA, Tensor norm, float eps, Tensor ropeTable, int[] positions, List<Tensor> caches);

    /**
     * Copies the first {@code tokens} cached tokens of a layer out of the cache:
     * {@code latent} [tokens, kvLoraRank] and {@code ropeKeys} [tokens, ropeDim].
     */
    void latentCacheRead(Tensor cache, int tokens, Tensor latent, Tensor ropeKeys);

    /**
     * Absorbed MLA attention directly over the latent cache, causal, for queries at positions
     * {@code startPos .. startPos+T-1} (the cache holds at least {@code startPos + T} tokens).
     * With {@code W = kvB} [heads * (nope + v), kvLoraRank] split per head into {@code W_k} (nope rows)
     * and {@code W_v} (v rows), for each token t and head h:
     * {@code s_j = (q_nope·W_k · c_j + q_rope · k_rope_j) * scale} over cached tokens {@code j <= startPos+t},
     * {@code p = softmax(s)}, {@code out = W_v · Σ_j p_j c_j}.
     *
     * @param q   [T, heads * (nope + rope)], rope part already rotated
     * @param out [T, heads * v]
     */
    void mlaAttention(Tensor q, Tensor kvB, Tensor cache, int startPos, MlaDims dims, float scale, Tensor out);

    /**
     * The batched-decode form of {@link #mlaAttention(Tensor, Tensor, Tensor, int, MlaDims, float, Tensor)}:
     * row b of {@code q} [B, heads * (nope + rope)] is the one new token of sequence b, at position
     * {@code positions[b]}, and attends over tokens {@code 0 .. positions[b]} of {@code caches.get(b)}.
     * A backend reads {@code kvB} once for all rows.
     *
     * @param out [B, heads * v]
     */
    void mlaAttention(Tensor q, Tensor kvB, List<Tensor> caches, int[] positions, MlaDims dims, float scale,
                      Tensor out);

    /**
     * Plain (naive) MLA attention over keys and values expanded from the latent: for each token t and
     * head h, {@code s_j = (q_nope·k_nope_{j,h} + q_rope·k_rope_j) * scale} over {@code j <= startPos+t},
     * {@code out = Σ_j softmax(s)_j v_{j,h}}.
     *
     * @param q        [T, heads * (nope + rope)], rope part already rotated
     * @param kv       [keys, heads * (nope + v)], the output of {@code kv_b_proj} over the cached latents
     * @param ropeKeys [keys, rope], the shared rotary key of every cached token
     * @param out      [T, heads * v]
     */
    void expandedAttention(Tensor q, Tensor kv, Tensor ropeKeys, int startPos, MlaDims dims, float scale, Tensor out);

    // ---------------------------------------------------------------- mixture of experts

    /**
     * Routes every token: gate logits {@code x · gateWeightᵀ} (fp32), then {@link RoutingRule#select}.
     *
     * @param x          [T, hidden]
     * @param gateWeight [experts, hidden]
     * @param bias       [experts] correction bias, or null when the rule does not use it
     * @param weights    [T, topK] F32 output
     * @param expertIds  [T, topK] I32 output
     */
    void route(Tensor x, Tensor gateWeight, Tensor bias, RoutingRule rule, Tensor weights, Tensor expertIds);

    /**
     * One matrix product per (token, slot) against the expert that slot chose, all in one call
     * (ggml's {@code MUL_MAT_ID}): {@code out[t, j] = experts[expertIds[t, j]] · x_{t,j}} where
     * {@code x_{t,j}} is {@code x[t]} when x is [T, in] and {@code x[t, j]} when x is [T, topK, in].
     * Only the chosen experts' weights are read.
     *
     * @param experts   a {@link #stackExperts} handle [experts, out, in]
     * @param expertIds [T, topK] I32
     * @param out       [T, topK, out]
     */
    void groupedExpertGemm(Tensor x, Tensor experts, Tensor expertIds, Tensor out);

    /**
     * {@code out[t] = Σ_j weights[t, j] * expertOut[t, j] + shared[t]}.
     *
     * @param expertOut [T, topK, hidden]
     * @param weights   [T, topK]
     * @param shared    [T, hidden] shared-expert output, or null; {@code out} may alias it
     * @param out       [T, hidden]
     */
    void moeCombine(Tensor expertOut, Tensor weights, Tensor shared, Tensor out);
}
