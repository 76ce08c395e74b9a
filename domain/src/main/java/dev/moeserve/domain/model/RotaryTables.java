package dev.moeserve.domain.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Rotary position embedding of the MLA rope dimensions, with YaRN context extension: the inverse
 * frequencies, the cos/sin table the {@code rope} op reads, and the attention scale (YaRN corrects
 * it too). Computed in float32 in the reference's order of operations, so angles match it bit for bit
 * as far as the platform's pow allows.
 */
public final class RotaryTables {
    private final int ropeDim;
    private final float[] inverseFrequencies; // [ropeDim / 2]
    private final float attentionScale;

    private RotaryTables(int ropeDim, float[] inverseFrequencies, float attentionScale) {
        this.ropeDim = ropeDim;
        this.inverseFrequencies = inverseFrequencies;
        this.attentionScale = attentionScale;
    }

    public static RotaryTables of(ModelConfig config) {
        return of(config.qkRopeHeadDim(), config.ropeTheta(), config.ropeScaling(), config.qkHeadDim());
    }

    /**
     * @param ropeDim   rotated values per head ({@code qk_rope_head_dim})
     * @param theta     {@code rope_theta}
     * @param yarn      YaRN scaling, if any
     * @param qkHeadDim per-head query/key width, whose inverse square root is the base attention scale
     */
    public static RotaryTables of(int ropeDim, double theta, Optional<YarnScaling> yarn, int qkHeadDim) {
        Objects.requireNonNull(yarn, "yarn");
        if (ropeDim <= 0 || ropeDim % 2 != 0) {
            throw new IllegalArgumentException("rope dimension must be positive and even, got " + ropeDim);
        }
        int half = ropeDim / 2;
        float[] freq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / ropeDim;
            freq[i] = 1.0f / (float) Math.pow(theta, exponent);
        }
        double scale = Math.pow(qkHeadDim, -0.5);
        if (yarn.isPresent()) {
            YarnScaling y = yarn.get();
            double[] range = correctionRange(y.betaFast(), y.betaSlow(), ropeDim, theta, y.originalMaxPositionEmbeddings());
            double low = range[0];
            double high = range[1];
            float factor = (float) y.factor();
            for (int i = 0; i < half; i++) {
                // ramp 0 keeps the original (high) frequency, ramp 1 divides it by the factor
                float ramp = Math.clamp(((float) i - (float) low) / (float) (high - low), 0f, 1f);
                float smooth = 1f - ramp;
                freq[i] = freq[i] / factor * (1f - smooth) + freq[i] * smooth;
            }
            // the reference's mscale is config.json's mscale_all_dim; it corrects the attention logits only.
            // (Hugging Face also scales cos/sin by mscale(mscale) / mscale(mscale_all_dim), which is 1 in
            // every DeepSeek checkpoint, where the two are equal; the reference does not, and it is the oracle.)
            if (y.mscaleAllDim() != 0) {
                double m = y.magnitude(y.mscaleAllDim());
                scale = scale * m * m;
            }
        }
        return new RotaryTables(ropeDim, freq, (float) scale);
    }

    /**
     * YaRN's band of dimension indices between full extrapolation and full interpolation:
     * {@code [max(floor(d(betaFast)), 0), min(ceil(d(betaSlow)), dim - 1)]}, widened by 0.001 when empty.
     */
    static double[] correctionRange(double betaFast, double betaSlow, int dim, double theta, int originalLength) {
        double low = Math.max(Math.floor(correctionDim(betaFast, dim, theta, originalLength)), 0);
        double high = Math.min(Math.ceil(correctionDim(betaSlow, dim, theta, originalLength)), dim - 1);
        if (low == high) {
            high += 0.001;
        }
        return new double[] {low, high};
    }

    /** The dimension whose wavelength fits {@code rotations} times into the original context. */
    private static double correctionDim(double rotations, int dim, double theta, int originalLength) {
        return dim * Math.log(originalLength / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
    }

    public int ropeDim() {
        return ropeDim;
    }

    /** [ropeDim / 2] frequency of rotary pair i, in radians per position. */
    public float[] inverseFrequencies() {
        return inverseFrequencies.clone();
    }

    /** Multiplier of the attention logits: {@code qk_head_dim^-0.5}, times YaRN's {@code mscale(mscale_all_dim)²}. */
    public float attentionScale() {
        return attentionScale;
    }

    /**
     * The table the {@code rope} op reads: [positions, ropeDim], {@code cos} then {@code sin} of the angle
     * {@code position * inverseFrequency[i]} at columns {@code 2i, 2i+1}.
     */
    public float[] table(int positions) {
        int half = ropeDim / 2;
        float[] table = new float[Math.multiplyExact(positions, ropeDim)];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * inverseFrequencies[i];
                table[p * ropeDim + 2 * i] = (float) Math.cos(angle);
                table[p * ropeDim + 2 * i + 1] = (float) Math.sin(angle);
            }
        }
        return table;
    }
}
