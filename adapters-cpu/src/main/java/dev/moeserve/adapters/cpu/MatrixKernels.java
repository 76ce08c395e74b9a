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
    /** Stored weight bytes per panel (see {@link #panels}): well inside L2, so a panel is read from memory once. */
    private static final long PANEL_BYTES = 1L << 17;
    /** Tiles per panel, at most: beyond this the panels gained nothing more in a 512-token prefill. */
    private static final int MAX_PANEL_TILES = 16;
    /**
     * Tiles per unit of work a thread claims: one-token products take tiles in pairs (the 8-row kernel), and a
     * chunk ending between the two tiles of a pair sent its last tile through the 4-row kernel, which runs so
     * rarely that it was still compiled without the vector intrinsics (boxed, many times slower) after a
     * hundred decode steps: 7% of an FP8 model's decode samples.
     */
    private static final int TILES_PER_ITEM = 2;
    /** Each token's packed-x offset and output row of a {@link #linear} call, in buffers of the calling thread. */
    private static final ThreadLocal<int[]> xOffsets = ThreadLocal.withInitial(() -> new int[0]);
    private static final ThreadLocal<int[]> yOffsets = ThreadLocal.withInitial(() -> new int[0]);

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
            int[] xOff = offsets(xOffsets, rows, in);
            int[] yOff = offsets(yOffsets, rows, outFeatures);
            int block = tokenBlock(in);
            int tiles = Math.ceilDiv(outFeatures, 4);
            int items = Math.ceilDiv(tiles, TILES_PER_ITEM);
            parallel.forRange(items, TILES_PER_ITEM * 4L * in * rows, minChunk(items, rows), (from, to) -> {
                int tileTo = Math.min(tiles, to * TILES_PER_ITEM);
                for (int tb = 0; tb < rows; tb += block) {
                    panels(k, weight, from * TILES_PER_ITEM, tileTo, xp, xOff, yOff, tb, Math.min(rows, tb + block), out);
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
        int itemsPerExpert = Math.ceilDiv(tilesPerExpert, TILES_PER_ITEM);
        long workPerItem = TILES_PER_ITEM * 4L * in * Math.max(1, expertIds.length / Math.max(1, active.length));
        // per expert, the packed-x offset and the output row of each of its slots
        int[][] xOff = new int[count][];
        int[][] yOff = new int[count][];
        for (int e : active) {
            xOff[e] = new int[slots[e].length];
            yOff[e] = new int[slots[e].length];
            for (int j = 0; j < slots[e].length; j++) {
                xOff[e][j] = xRow(slots[e][j], broadcast, k) * in;
                yOff[e][j] = slots[e][j] * outFeatures;
            }
        }
        int items = active.length * itemsPerExpert;
        int tokensPerExpert = expertIds.length / Math.max(1, active.length);
        parallel.forRange(items, workPerItem, minChunk(items, tokensPerExpert), (from, to) -> {
            // the claimed items cut into runs of one expert's tiles
            for (int item = from; item < to; ) {
                int e = active[item / itemsPerExpert];
                int runEnd = Math.min(to, (item / itemsPerExpert + 1) * itemsPerExpert);
                WeightTensor w = experts.expert(e);
                RowKernels kw = w.kernels();
                int tileFrom = (item % itemsPerExpert) * TILES_PER_ITEM;
                int tileTo = Math.min(tilesPerExpert, tileFrom + (runEnd - item) * TILES_PER_ITEM);
                if (kw == null || kw != kernels) {
                    decodedRows(w, 4 * tileFrom, Math.min(outFeatures, 4 * tileTo), x, broadcast, k, in, slots[e], out,
                            outFeatures);
                } else {
                    panels(kw, w, tileFrom, tileTo, xp, xOff[e], yOff[e], 0, slots[e].length, out);
                }
                item = runEnd;
            }
        });
        traffic.weights(active.length * experts.expert(0).storedBytes());
        traffic.experts(active.length);
    }

    /**
     * Tiles {@code [tileFrom, tileTo)} of {@code w} (4 rows each; the last may be partial) for tokens
     * {@code [tokFrom, tokTo)}, token t reading packed x at {@code xOff[t]} and writing output row {@code yOff[t]}.
     * Tiles go in panels of about {@link #PANEL_BYTES}: each group of 4 tokens passes over the whole panel while
     * its x rows stay in L1 and the panel's weights in L2. Reading x from L2 for every tile instead cost 5-13% of
     * a 512-token product's rate on 2 and 1 threads.
     * Every output is still written by one kernel call, the same one as without panels.
     */
    private static void panels(RowKernels k, WeightTensor w, int tileFrom, int tileTo, float[] xp, int[] xOff,
                               int[] yOff, int tokFrom, int tokTo, float[] out) {
        int outFeatures = w.rows();
        // fewer than 4 tokens read each weight once whatever the order: one panel
        int panel = tokTo - tokFrom < 4 ? Math.max(1, tileTo - tileFrom)
                : (int) Math.clamp(PANEL_BYTES / (4 * w.storedRowBytes()), 1, MAX_PANEL_TILES);
        for (int p0 = tileFrom; p0 < tileTo; p0 += panel) {
            int p1 = Math.min(tileTo, p0 + panel);
            int fullEnd = Math.min(p1, outFeatures / 4); // tiles with all 4 rows
            int t = tokFrom;
            for (; t + 4 <= tokTo; t += 4) {
                for (int tile = p0; tile < fullEnd; tile++) {
                    int r0 = 4 * tile;
                    k.tile4x4(w, r0, xp, xOff[t], xOff[t + 1], xOff[t + 2], xOff[t + 3], out, yOff[t] + r0,
                            yOff[t + 1] + r0, yOff[t + 2] + r0, yOff[t + 3] + r0);
                }
            }
            if (tokTo - t == 3) {
                // three tokens: one 4-token pass with the third repeated (both its writes are the same value) reads
                // each weight once, where a 2-token and then a 1-token pass read the run twice
                for (int tile = p0; tile < fullEnd; tile++) {
                    int r0 = 4 * tile;
                    k.tile4x4(w, r0, xp, xOff[t], xOff[t + 1], xOff[t + 2], xOff[t + 2], out, yOff[t] + r0,
                            yOff[t + 1] + r0, yOff[t + 2] + r0, yOff[t + 2] + r0);
                }
                t += 3;
            }
            if (t + 2 <= tokTo) {
                for (int tile = p0; tile < fullEnd; tile++) {
                    int r0 = 4 * tile;
                    k.tile4x2(w, r0, xp, xOff[t], xOff[t + 1], out, yOff[t] + r0, yOff[t + 1] + r0);
                }
                t += 2;
            }
            for (; t < tokTo; t++) {
                int tile = p0;
                for (; tile + 2 <= fullEnd; tile += 2) {
                    int r0 = 4 * tile;
                    k.tile8x1(w, r0, xp, xOff[t], out, yOff[t] + r0);
                }
                for (; tile < fullEnd; tile++) {
                    int r0 = 4 * tile;
                    k.tile4x1(w, r0, xp, xOff[t], out, yOff[t] + r0);
                }
            }
            for (int r = 4 * fullEnd; r < Math.min(outFeatures, 4 * p1); r++) {
                for (int u = tokFrom; u < tokTo; u++) {
                    k.tile1x1(w, r, xp, xOff[u], out, yOff[u] + r);
                }
            }
        }
    }

    /**
     * The smallest chunk of {@code items} (pairs of tiles) a thread claims. With 4 tokens or more every chunk
     * rereads their inputs, so chunks stay at a sixteenth of the items (per 2 threads); with fewer, chunks shrink
     * to 1/256 so that both threads finish an op within a few tiles of each other.
     */
    private int minChunk(int items, int tokens) {
        return tokens >= 4 ? Math.max(1, items / (parallel.threads() * 8)) : Math.max(1, items / (parallel.threads() * 128));
    }

    /** {@code 0, step, 2*step, ...} for {@code n} tokens, in a buffer of the calling thread. */
    private static int[] offsets(ThreadLocal<int[]> holder, int n, int step) {
        int[] a = holder.get();
        if (a.length < n) {
            a = new int[n];
            holder.set(a);
        }
        for (int i = 0; i < n; i++) {
            a[i] = i * step;
        }
        return a;
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
