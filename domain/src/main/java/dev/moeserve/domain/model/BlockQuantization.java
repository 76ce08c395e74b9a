package dev.moeserve.domain.model;

/**
 * Block-wise FP8 weights ({@code quantization_config} of DeepSeek-V3): each {@code [blockRows, blockCols]}
 * block of a quantized weight has one {@code *_scale_inv} factor.
 */
public record BlockQuantization(int blockRows, int blockCols) {
    public BlockQuantization {
        if (blockRows <= 0 || blockCols <= 0) {
            throw new ModelConfigException("quantization_config.weight_block_size",
                    "must be two positive sizes, got [" + blockRows + ", " + blockCols + "]");
        }
    }
}
