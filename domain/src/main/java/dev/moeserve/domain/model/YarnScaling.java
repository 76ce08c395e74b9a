package dev.moeserve.domain.model;

/**
 * YaRN rotary scaling ({@code rope_scaling} with {@code type: "yarn"} in config.json).
 *
 * @param factor                        context extension factor
 * @param originalMaxPositionEmbeddings context length the model was trained at
 * @param betaFast                      rotations above which a frequency is kept as is
 * @param betaSlow                      rotations below which a frequency is fully interpolated
 * @param mscale                        Hugging Face's cos/sin magnitude; equal to {@code mscaleAllDim} in DeepSeek's
 *                                      checkpoints and not used by the reference implementation
 * @param mscaleAllDim                  scales the attention logits by {@code magnitude(mscaleAllDim)²}; 0 disables it
 */
public record YarnScaling(double factor, int originalMaxPositionEmbeddings, double betaFast, double betaSlow,
                          double mscale, double mscaleAllDim) {
    public YarnScaling {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new ModelConfigException("rope_scaling.factor", "must be positive, got " + factor);
        }
        if (originalMaxPositionEmbeddings <= 0) {
            throw new ModelConfigException("rope_scaling.original_max_position_embeddings",
                    "must be positive, got " + originalMaxPositionEmbeddings);
        }
        if (!(betaFast > 0) || !(betaSlow > 0)) {
            throw new ModelConfigException("rope_scaling.beta_fast", "beta_fast and beta_slow must be positive, got "
                    + betaFast + " and " + betaSlow);
        }
        if (!(mscale >= 0) || !(mscaleAllDim >= 0)) {
            throw new ModelConfigException("rope_scaling.mscale", "mscale and mscale_all_dim must be >= 0, got "
                    + mscale + " and " + mscaleAllDim);
        }
    }

    /** YaRN's magnitude correction {@code 0.1 * m * ln(factor) + 1} (1 when not extending). */
    public double magnitude(double m) {
        return factor <= 1 ? 1.0 : 0.1 * m * Math.log(factor) + 1.0;
    }
}
