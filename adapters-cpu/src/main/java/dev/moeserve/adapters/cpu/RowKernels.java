package dev.moeserve.adapters.cpu;

/**
 * The inner loops of every matrix product against a stored weight: dot products of weight rows with input
 * rows, the weights decoded in registers from their stored format and never expanded in memory.
 *
 * <p>Inputs are first {@link #pack packed}: each row of x is permuted within chunks of the kernel's width so
 * the lanes of one wide load of stored weights line up with one plain load of x (for BF16, one 32-bit lane
 * holds two weights; for F8_E4M3, four). A dot product does not depend on the order of its terms beyond
 * round-off, so the packed order changes nothing but speed.
 *
 * <p>Every kernel writes {@code out[y + i] = Σ_c w[row + i, c] * x[c]} for its rows i and tokens (each token
 * t with its own packed-x offset {@code x_t} and output index {@code y_t}).
 */
interface RowKernels {

    /** Columns per chunk: the unit of packing and of the vector loops. */
    int chunk();

    /**
     * Writes row {@code x[xo .. xo+in)} into {@code dst[dOff ..)} in this kernel's lane order (and scale): with
     * {@code ways} weights per 32-bit lane and L lanes, column {@code c*chunk + ways*j + k} goes to
     * {@code c*chunk + L*k + j} within each full chunk, and columns after the last full chunk keep their place.
     *
     * @return false when the kernels cannot take this row exactly (then the caller decodes rows instead)
     */
    boolean pack(float[] x, int xo, int in, float[] dst, int dOff);

    /** Four weight rows from {@code r0}, four tokens. */
    void tile4x4(WeightTensor w, int r0, float[] xp, int x0, int x1, int x2, int x3,
                 float[] out, int y0, int y1, int y2, int y3);

    /** Four weight rows from {@code r0}, two tokens (each weight decoded once for both where a format overrides this). */
    default void tile4x2(WeightTensor w, int r0, float[] xp, int x0, int x1, float[] out, int y0, int y1) {
        tile4x1(w, r0, xp, x0, out, y0);
        tile4x1(w, r0, xp, x1, out, y1);
    }

    /** Four weight rows from {@code r0}, one token. */
    void tile4x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0);

    /** Eight weight rows from {@code r0}, one token (more rows in flight where a format overrides this). */
    default void tile8x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
        tile4x1(w, r0, xp, x0, out, y0);
        tile4x1(w, r0 + 4, xp, x0, out, y0 + 4);
    }

    /** One weight row, one token. */
    void tile1x1(WeightTensor w, int r, float[] xp, int x0, float[] out, int y0);

    /** The kernels for {@code w}, or null when its format has none (it is then decoded row by row). */
    static RowKernels forWeight(WeightTensor w) {
        if (!VectorMath.VECTOR_API) {
            return null;
        }
        return switch (w.dtype()) {
            case F32 -> SimdKernels.f32();
            case BF16 -> SimdKernels.bf16();
            case F8_E4M3 -> w.fp8ScalesUsable(SimdKernels.fp8ChunkColumns()) ? SimdKernels.fp8() : null;
            default -> null;
        };
    }
}
