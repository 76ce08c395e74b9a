package dev.moeserve.adapters.cpu;

import java.util.stream.IntStream;

/**
 * Matrix products against stored-format weights. With {@link RowKernels} (BF16, F8_E4M3, F32 under the
 * Vector API) the input rows are packed once and the weights stream through the kernels in tiles of 4 rows
 * x 4 tokens, each weight decoded once per tile and applied to every token of the call: a decode step of B
 * tokens reads every weight once, and a prefill does matrix-matrix work. Other formats are decoded one row
 * at a time.
 */
final class MatrixKernels {
    /** Tokens per block of a multi-token product: their packed inputs stay in L2 while the weight tiles pass. */
    private static final int X_BLOCK_FLOATS = 1 << 17;

    private final Parallel parallel;
    private final Traffic traffic;
    private final ThreadLocal<float[]> packed = ThreadLocal.withInitial(() -> new float[0]);
    private final ThreadLocal<float[]> rowScratch = ThreadLocal.withInitial(() -> new float[0]);

    MatrixKernels(Parallel parallel, Traffic traffic) {
        this.parallel = parallel;
        this.traffic = traffic;
    }

    /**
     * {@code out[r, o] = Σ_i x[r, i] * w[o, i]}.
     *
     * @param x   [rows, in] row-major
     * @param w   [outFeatures, in]
     * @param out [rows, outFeatures] row-major
     */
    void linear(float[] x, int rows, int in, CpuTensor w, float[] out) {
        int outFeatures = w.rows();
        float[] xp = w instanceof WeightTensor weight && weight.kernels() != null ? pack(weight.kernels(), x, rows, in) : null;
        if (xp != null) {
            WeightTensor weight = (WeightTensor) w;
            RowKernels k = weight.kernels();
            int block = tokenBlock(in);
            parallel.forRange(Math.ceilDiv(outFeatures, 4), 4L * in * rows, (from, to) -> {
                for (int tb = 0; tb < rows; tb += block) {
                    int tbEnd = Math.min(rows, tb + block);
                    for (int tile = from; tile < to; tile++) {
                        int r0 = tile * 4;
                        if (r0 + 4 <= outFeatures) {
                            int t = tb;
                            for (; t + 4 <= tbEnd; t += 4) {
                                k.tile4x4(weight, r0, xp, t * in, (t + 1) * in, (t + 2) * in, (t + 3) * in,
                                        out, t * outFeatures + r0, (t + 1) * outFeatures + r0,
                                        (t + 2) * outFeatures + r0, (t + 3) * outFeatures + r0);
                            }
                            if (t + 2 <= tbEnd) {
                                k.tile4x2(weight, r0, xp, t * in, (t + 1) * in, out, t * outFeatures + r0,
                                        (t + 1) * outFeatures + r0);
                                t += 2;
                            }
                            for (; t < tbEnd; t++) {
                                k.tile4x1(weight, r0, xp, t * in, out, t * outFeatures + r0);
                            }
                        } else {
                            for (int r = r0; r < outFeatures; r++) {
                                for (int t = tb; t < tbEnd; t++) {
                                    k.tile1x1(weight, r, xp, t * in, out, t * outFeatures + r);
                                }
                            }
                        }
                    }
                }
            });
            traffic.weights(weight.storedBytes());
            return;
        }
        parallel.forRange(outFeatures, (long) in * rows, (from, to) -> {
            float[] row = scratch(rowScratch, in);
            for (int o = from; o < to; o++) {
                w.decodeRow(o, row, 0);
                for (int r = 0; r < rows; r++) {
                    out[r * outFeatures + o] = VectorMath.dot(x, r * in, row, 0, in);
                }
            }
        });
        if (w instanceof WeightTensor weight) {
            traffic.weights(weight.storedBytes());
        }
    }

    /**
     * Grouped expert GEMM; see {@link dev.moeserve.domain.compute.ComputeBackend#groupedExpertGemm}. The slots
     * are grouped by the expert they chose, so each chosen expert's weights are read once for all its tokens.
     *
     * @param x         [T, in] when {@code broadcast}, else [T, k, in]
     * @param expertIds [T, k]
     * @param out       [T, k, outFeatures]
     */
    void groupedExpertGemm(float[] x, boolean broadcast, int in, ExpertStack experts, int[] expertIds, int k,
                           float[] out) {
        int count = experts.experts();
        int outFeatures = experts.shape().dim(1);
        // slots (t * k + j) grouped by the expert they chose
        int[] perExpert = new int[count];
        for (int id : expertIds) {
            perExpert[id]++;
        }
        int[][] slots = new int[count][];
        for (int e = 0; e < count; e++) {
            slots[e] = new int[perExpert[e]];
        }
        int[] filled = new int[count];
        for (int slot = 0; slot < expertIds.length; slot++) {
            int e = expertIds[slot];
            slots[e][filled[e]++] = slot;
        }
        int[] active = IntStream.range(0, count).filter(e -> perExpert[e] > 0).toArray();
        RowKernels first = experts.expert(0).kernels();
        int xRows = broadcast ? expertIds.length / k : expertIds.length;
        float[] packedX = first == null ? null : pack(first, x, xRows, in);
        RowKernels kernels = packedX == null ? null : first;
        float[] xp = packedX == null ? x : packedX;
        int tilesPerExpert = Math.ceilDiv(outFeatures, 4);
        long workPerItem = 4L * in * Math.max(1, expertIds.length / Math.max(1, active.length));
        parallel.forRange(active.length * tilesPerExpert, workPerItem, (from, to) -> {
            for (int item = from; item < to; item++) {
                int e = active[item / tilesPerExpert];
                int r0 = (item % tilesPerExpert) * 4;
                WeightTensor w = experts.expert(e);
                int[] mine = slots[e];
                RowKernels kw = w.kernels();
                if (kw == null || kw != kernels) {
                    decodedRows(w, r0, Math.min(outFeatures, r0 + 4), x, broadcast, k, in, mine, out, outFeatures);
                    continue;
                }
                if (r0 + 4 <= outFeatures) {
                    int j = 0;
                    for (; j + 4 <= mine.length; j += 4) {
                        int s0 = mine[j];
                        int s1 = mine[j + 1];
                        int s2 = mine[j + 2];
                        int s3 = mine[j + 3];
                        kw.tile4x4(w, r0, xp, xRow(s0, broadcast, k) * in, xRow(s1, broadcast, k) * in,
                                xRow(s2, broadcast, k) * in, xRow(s3, broadcast, k) * in,
                                out, s0 * outFeatures + r0, s1 * outFeatures + r0, s2 * outFeatures + r0,
                                s3 * outFeatures + r0);
                    }
                    if (j + 2 <= mine.length) {
                        int s0 = mine[j];
                        int s1 = mine[j + 1];
                        kw.tile4x2(w, r0, xp, xRow(s0, broadcast, k) * in, xRow(s1, broadcast, k) * in,
                                out, s0 * outFeatures + r0, s1 * outFeatures + r0);
                        j += 2;
                    }
                    for (; j < mine.length; j++) {
                        kw.tile4x1(w, r0, xp, xRow(mine[j], broadcast, k) * in, out, mine[j] * outFeatures + r0);
                    }
                } else {
                    for (int r = r0; r < outFeatures; r++) {
                        for (int slot : mine) {
                            kw.tile1x1(w, r, xp, xRow(slot, broadcast, k) * in, out, slot * outFeatures + r);
                        }
                    }
                }
            }
        });
        traffic.weights(active.length * experts.expert(0).storedBytes());
        traffic.experts(active.length);
    }

    private static int xRow(int slot, boolean broadcast, int k) {
        return broadcast ? slot / k : slot;
    }

    /** Rows {@code [from, to)} of one expert for its slots, decoding each row (formats without kernels). */
    private void decodedRows(WeightTensor w, int from, int to, float[] x, boolean broadcast, int k, int in,
                             int[] slots, float[] out, int outFeatures) {
        float[] row = scratch(rowScratch, in);
        for (int o = from; o < to; o++) {
            w.decodeRow(o, row, 0);
            for (int slot : slots) {
                out[slot * outFeatures + o] = VectorMath.dot(x, xRow(slot, broadcast, k) * in, row, 0, in);
            }
        }
    }

    /**
     * x [rows, in] in the kernels' lane order, in a buffer of the calling thread kept for the next call; null
     * when the kernels cannot take it (then rows are decoded instead).
     */
    private float[] pack(RowKernels k, float[] x, int rows, int in) {
        float[] xp = scratch(packed, rows * in);
        boolean fits = true;
        for (int r = 0; r < rows; r++) {
            fits &= k.pack(x, r * in, in, xp, r * in);
        }
        return fits ? xp : null;
    }

    private static int tokenBlock(int in) {
        return Math.clamp((X_BLOCK_FLOATS / Math.max(1, in)) & ~3, 4, 64);
    }

    private static float[] scratch(ThreadLocal<float[]> holder, int size) {
        float[] a = holder.get();
        if (a.length < size) {
            a = new float[size];
            holder.set(a);
        }
        return a;
    }
}
