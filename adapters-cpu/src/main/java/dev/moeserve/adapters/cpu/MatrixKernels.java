package dev.moeserve.adapters.cpu;

import java.util.stream.IntStream;

/** Matrix products against stored-format weights, decoded one row at a time. */
final class MatrixKernels {
    private final Parallel parallel;

    MatrixKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    /**
     * {@code out[r, o] = Σ_i x[r, i] * w[o, i]}: each weight row is decoded once and applied to every
     * input row, so the weights stream through memory once per call.
     *
     * @param x   [rows, in] row-major
     * @param w   [outFeatures, in]
     * @param out [rows, outFeatures] row-major
     */
    void linear(float[] x, int rows, int in, CpuTensor w, float[] out) {
        int outFeatures = w.rows();
        parallel.forRange(outFeatures, (long) in * rows, (from, to) -> {
            float[] row = new float[in];
            for (int o = from; o < to; o++) {
                w.decodeRow(o, row, 0);
                for (int r = 0; r < rows; r++) {
                    out[r * outFeatures + o] = VectorMath.dot(x, r * in, row, 0, in);
                }
            }
        });
    }

    /**
     * Grouped expert GEMM; see {@link dev.moeserve.domain.compute.ComputeBackend#groupedExpertGemm}.
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
        // work items: (expert, block of output rows) for the chosen experts only
        int rowsPerItem = Math.max(1, Math.min(outFeatures, 32));
        int blocks = Math.ceilDiv(outFeatures, rowsPerItem);
        int[] active = IntStream.range(0, count).filter(e -> perExpert[e] > 0).toArray();
        long workPerItem = (long) rowsPerItem * in * Math.max(1, expertIds.length / Math.max(1, active.length));
        parallel.forRange(active.length * blocks, workPerItem, (from, to) -> {
            float[] row = new float[in];
            for (int item = from; item < to; item++) {
                int e = active[item / blocks];
                WeightTensor w = experts.expert(e);
                int oFrom = (item % blocks) * rowsPerItem;
                int oTo = Math.min(outFeatures, oFrom + rowsPerItem);
                for (int o = oFrom; o < oTo; o++) {
                    w.decodeRow(o, row, 0);
                    for (int slot : slots[e]) {
                        int xRow = broadcast ? slot / k : slot;
                        out[slot * outFeatures + o] = VectorMath.dot(x, xRow * in, row, 0, in);
                    }
                }
            }
        });
    }
}
