package dev.moeserve.infrastructure.bench;

import dev.moeserve.domain.model.ModelConfig;

/**
 * The multiply-adds a forward pass must do, from the model's shapes: every projection a token passes through
 * (its chosen routed experts only), and attention over the tokens before it. Counted as 2 flops per
 * multiply-add, the way GEMM rates are quoted.
 */
final class ModelFlops {
    private ModelFlops() {
    }

    /** Weight parameters one token multiplies through in the layers (attention, dense MLP or shared + chosen experts). */
    static double layerParamsPerToken(ModelConfig c) {
        long hidden = c.hiddenSize();
        long heads = c.numAttentionHeads();
        long qOut = heads * c.qkHeadDim();
        double total = 0;
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            double attention = c.hasQLora() ? (double) c.qLoraRank() * hidden + (double) qOut * c.qLoraRank()
                    : (double) qOut * hidden;
            attention += (double) c.latentWidth() * hidden;                           // kv_a_proj_with_mqa
            attention += (double) heads * (c.qkNopeHeadDim() + c.vHeadDim()) * c.kvLoraRank(); // kv_b_proj
            attention += (double) hidden * heads * c.vHeadDim();                      // o_proj
            double ffn;
            if (c.isMoeLayer(layer)) {
                double expert = 3.0 * hidden * c.moeIntermediateSize();
                ffn = (double) c.nRoutedExperts() * hidden                             // router
                        + expert * (c.numExpertsPerTok() + c.nSharedExperts());
            } else {
                ffn = 3.0 * hidden * c.intermediateSize();
            }
            total += attention + ffn;
        }
        return total;
    }

    /**
     * Flops of a prefill of {@code tokens} tokens from position 0, returning the last token's logits: the
     * projections of every token, causal attention (query-key and value sums over the earlier tokens, per head),
     * and {@code lm_head} once.
     */
    static double prefill(ModelConfig c, int tokens) {
        double projections = 2.0 * layerParamsPerToken(c) * tokens;
        double pairs = (double) tokens * (tokens + 1) / 2;
        double attention = 2.0 * pairs * c.numAttentionHeads() * (c.qkHeadDim() + c.vHeadDim()) * c.numHiddenLayers();
        double lmHead = 2.0 * c.vocabSize() * c.hiddenSize();
        return projections + attention + lmHead;
    }
}
