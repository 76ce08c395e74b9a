package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.MlaDims;

import java.util.Arrays;

/** MLA kernels: rotary embedding, the latent cache, and both forms of attention. */
final class AttentionKernels {
    /** Query tokens per work item: enough to amortize decoding a head's kv_b rows. */
    private static final int TOKENS_PER_TASK = 16;
    /** Heads per work item of absorbed attention: one load of a cached latent row serves all of them. */
    private static final int HEADS_PER_TASK = 4;
    /** Cached keys per pass of the context sums: their latent rows (2.3 KB each in DeepSeek's shapes) stay in L2. */
    private static final int KEYS_PER_BLOCK = 64;

    private final Parallel parallel;

    AttentionKernels(Parallel parallel) {
        this.parallel = parallel;
    }

    /** Rotates pairs (x[2i], x[2i+1]) of {@code x[at .. at + 2 * cosSin.length / 2]} by the angles in {@code cosSin}. */
    static void rotate(float[] src, int srcAt, float[] dst, int dstAt, float[] cosSin, int ropeDim) {
        for (int i = 0; i < ropeDim; i += 2) {
            float cos = cosSin[i];
            float sin = cosSin[i + 1];
            float a = src[srcAt + i];
            float b = src[srcAt + i + 1];
            dst[dstAt + i] = a * cos - b * sin;
            dst[dstAt + i + 1] = a * sin + b * cos;
        }
    }

    void rope(FloatTensor x, CpuTensor table, int startPos, int heads, int headDim, int offset) {
        int ropeDim = table.cols();
        float[] data = x.data();
        int width = x.cols();
        parallel.forRange(x.rows(), (long) heads * ropeDim, (from, to) -> {
            float[] cosSin = new float[ropeDim];
            for (int t = from; t < to; t++) {
                table.decodeRow(startPos + t, cosSin, 0);
                for (int h = 0; h < heads; h++) {
                    int at = t * width + h * headDim + offset;
                    rotate(data, at, data, at, cosSin, ropeDim);
                }
            }
        });
    }

    /** {@link #rope} with a position per row. */
    void rope(FloatTensor x, CpuTensor table, int[] positions, int heads, int headDim, int offset) {
        int ropeDim = table.cols();
        float[] data = x.data();
        int width = x.cols();
        float[] cosSin = new float[ropeDim];
        for (int t = 0; t < x.rows(); t++) {
            table.decodeRow(positions[t], cosSin, 0);
            for (int h = 0; h < heads; h++) {
                int at = t * width + h * headDim + offset;
                rotate(data, at, data, at, cosSin, ropeDim);
            }
        }
    }

    /** Row t of {@code kvA} into {@code caches[t]} at {@code positions[t]}. */
    void latentCacheWrite(FloatTensor kvA, float[] norm, float eps, CpuTensor table, int[] positions,
                          FloatTensor[] caches) {
        int rank = norm.length;
        int width = kvA.cols();
        int ropeDim = width - rank;
        float[] src = kvA.data();
        float[] cosSin = new float[ropeDim];
        for (int t = 0; t < kvA.rows(); t++) {
            int in = t * width;
            int out = positions[t] * width;
            float[] dst = caches[t].data();
            normalize(src, in, rank, norm, eps, dst, out);
            table.decodeRow(positions[t], cosSin, 0);
            rotate(src, in + rank, dst, out + rank, cosSin, ropeDim);
        }
    }

    void latentCacheWrite(FloatTensor kvA, float[] norm, float eps, CpuTensor table, int startPos, FloatTensor cache) {
        int rank = norm.length;
        int width = cache.cols();
        int ropeDim = width - rank;
        float[] src = kvA.data();
        float[] dst = cache.data();
        float[] cosSin = new float[ropeDim];
        for (int t = 0; t < kvA.rows(); t++) {
            int in = t * width;
            int out = (startPos + t) * width;
            normalize(src, in, rank, norm, eps, dst, out);
            table.decodeRow(startPos + t, cosSin, 0);
            rotate(src, in + rank, dst, out + rank, cosSin, ropeDim);
        }
    }

    /** RMSNorm of {@code n} values: {@code y = x * rsqrt(mean(x²) + eps) * w}. */
    static void normalize(float[] x, int xAt, int n, float[] w, float eps, float[] y, int yAt) {
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xAt + i];
            sumSquares += v * v;
        }
        float inv = (float) (1.0 / Math.sqrt(sumSquares / n + eps));
        for (int i = 0; i < n; i++) {
            y[yAt + i] = x[xAt + i] * inv * w[i];
        }
    }

    void latentCacheRead(FloatTensor cache, int tokens, FloatTensor latent, FloatTensor ropeKeys) {
        int rank = latent.cols();
        int ropeDim = ropeKeys.cols();
        int width = cache.cols();
        float[] c = cache.data();
        float[] l = latent.data();
        float[] r = ropeKeys.data();
        for (int j = 0; j < tokens; j++) {
            System.arraycopy(c, j * width, l, j * rank, rank);
            System.arraycopy(c, j * width + rank, r, j * ropeDim, ropeDim);
        }
    }

    /** Absorbed attention; see {@link dev.moeserve.domain.compute.ComputeBackend#mlaAttention}. */
    void absorbed(FloatTensor q, CpuTensor kvB, FloatTensor cache, int startPos, MlaDims dims, float scale,
                  FloatTensor out) {
        int tokens = q.rows();
        float[][] caches = new float[tokens][];
        int[] positions = new int[tokens];
        for (int t = 0; t < tokens; t++) {
            caches[t] = cache.data();
            positions[t] = startPos + t;
        }
        absorbed(q, kvB, caches, cache.cols(), positions, dims, scale, out);
    }

    /**
     * Absorbed attention of rows that each have their own cache and position: row t of {@code q} attends over
     * tokens {@code 0 .. positions[t]} of {@code caches[t]} (one sequence's consecutive tokens in prefill, or
     * one token of each sequence in a batched decode step). A work item is {@link #HEADS_PER_TASK} heads and up
     * to {@link #TOKENS_PER_TASK} rows: each head's {@code kv_b} rows are decoded once per item and applied to
     * all its rows, 4 rows at a time (the absorption keeps its sums in registers instead of storing them once per
     * weight row), and each cached latent row is loaded once for the item's heads (the cache of a long sequence
     * does not fit L2; read per head it was most of the time). The sums run in the order of the one-head,
     * one-row loops, so the results do not depend on the grouping.
     */
    void absorbed(FloatTensor q, CpuTensor kvB, float[][] caches, int width, int[] positions, MlaDims dims,
                  float scale, FloatTensor out) {
        int tokens = q.rows();
        int heads = dims.heads();
        int nope = dims.qkNopeHeadDim();
        int rope = dims.qkRopeHeadDim();
        int vDim = dims.vHeadDim();
        int rank = dims.kvLoraRank();
        int qkDim = dims.qkHeadDim();
        int qWidth = heads * qkDim;
        int chunks = Math.ceilDiv(tokens, TOKENS_PER_TASK);
        int groups = Math.ceilDiv(heads, HEADS_PER_TASK);
        int maxKeys = 0;
        long keysTotal = 0;
        for (int p : positions) {
            maxKeys = Math.max(maxKeys, p + 1);
            keysTotal += p + 1;
        }
        float[] qs = q.data();
        float[] os = out.data();
        int scoreLength = maxKeys;
        long work = HEADS_PER_TASK * ((long) Math.max(1, keysTotal / Math.max(1, chunks)) * (2L * rank + rope)
                + 2L * (nope + vDim) * rank);
        parallel.forRange(groups * chunks, work, (from, to) -> {
            Scratch sc = scratch.get().ensure(rank, nope * rank, HEADS_PER_TASK * TOKENS_PER_TASK * rank,
                    HEADS_PER_TASK * scoreLength);
            float[] row = sc.row;                 // one decoded kv_b row
            float[] keyWeights = sc.keyWeights;   // one head's decoded w_k rows [qk_nope_head_dim, kv_lora_rank]
            float[] qAbsorbed = sc.qAbsorbed;     // [head of the group, row of the item, kv_lora_rank]
            float[] context = sc.context;         // same layout
            float[] scores = sc.scores;           // [head of the group, key]
            int[] ropeAt = new int[HEADS_PER_TASK];
            int[] latentAt = new int[HEADS_PER_TASK];
            float[] part = new float[HEADS_PER_TASK];
            int[] fourQ = new int[4];
            int[] fourRows = new int[4];
            for (int item = from; item < to; item++) {
                int h0 = (item / chunks) * HEADS_PER_TASK;
                int hn = Math.min(heads, h0 + HEADS_PER_TASK) - h0;
                int t0 = (item % chunks) * TOKENS_PER_TASK;
                int n = Math.min(tokens, t0 + TOKENS_PER_TASK) - t0;
                // q absorbed into the latent space, per head: Σ_d q[d] * w_k[d, :], in the order of d; the head's
                // w_k rows are decoded once, then 4 rows at a time keep their sums in registers over all of d
                for (int g = 0; g < hn; g++) {
                    int h = h0 + g;
                    int base = h * dims.kvBRowsPerHead();
                    for (int d = 0; d < nope; d++) {
                        kvB.decodeRow(base + d, keyWeights, d * rank);
                    }
                    int i = 0;
                    for (; i + 4 <= n; i += 4) {
                        for (int j = 0; j < 4; j++) {
                            fourQ[j] = (t0 + i + j) * qWidth + h * qkDim;
                            fourRows[j] = (g * TOKENS_PER_TASK + i + j) * rank;
                        }
                        VectorMath.absorb4(keyWeights, 0, rank, nope, qs, fourQ, qAbsorbed, fourRows, rank, false);
                    }
                    for (; i < n; i++) {
                        VectorMath.absorb1(keyWeights, 0, rank, nope, qs, (t0 + i) * qWidth + h * qkDim, qAbsorbed,
                                (g * TOKENS_PER_TASK + i) * rank, rank, false);
                    }
                }
                if (hn < HEADS_PER_TASK) {
                    Arrays.fill(qAbsorbed, hn * TOKENS_PER_TASK * rank, HEADS_PER_TASK * TOKENS_PER_TASK * rank, 0f);
                }
                for (int i = 0; i < n; i++) {
                    int t = t0 + i;
                    float[] cs = caches[t];
                    int keys = positions[t] + 1;
                    for (int g = 0; g < HEADS_PER_TASK; g++) {
                        // a short group computes its missing heads from zeros into slots nobody reads
                        latentAt[g] = (g * TOKENS_PER_TASK + i) * rank;
                        ropeAt[g] = t * qWidth + (h0 + Math.min(g, hn - 1)) * qkDim + nope;
                    }
                    for (int j = 0; j < keys; j++) {
                        VectorMath.dot4(qAbsorbed, latentAt, cs, j * width, rank, part);
                        float l0 = part[0];
                        float l1 = part[1];
                        float l2 = part[2];
                        float l3 = part[3];
                        VectorMath.dot4(qs, ropeAt, cs, j * width + rank, rope, part);
                        scores[j] = (l0 + part[0]) * scale;
                        scores[scoreLength + j] = (l1 + part[1]) * scale;
                        scores[2 * scoreLength + j] = (l2 + part[2]) * scale;
                        scores[3 * scoreLength + j] = (l3 + part[3]) * scale;
                    }
                    for (int g = 0; g < HEADS_PER_TASK; g++) {
                        softmax(scores, g * scoreLength, keys);
                    }
                    // context = Σ_j p[j] * latent[j] for the 4 heads, the sums in registers over blocks of keys
                    // whose cached rows stay in L2 while the column blocks pass over them
                    for (int j0 = 0; j0 < keys; j0 += KEYS_PER_BLOCK) {
                        for (int g = 0; g < HEADS_PER_TASK; g++) {
                            fourQ[g] = g * scoreLength + j0;
                        }
                        VectorMath.absorb4(cs, j0 * width, width, Math.min(KEYS_PER_BLOCK, keys - j0), scores, fourQ,
                                context, latentAt, rank, j0 > 0);
                    }
                }
                for (int g = 0; g < hn; g++) {
                    int h = h0 + g;
                    int base = h * dims.kvBRowsPerHead();
                    for (int d = 0; d < vDim; d++) {
                        kvB.decodeRow(base + nope + d, row, 0);
                        // four rows of the context per load of the w_v row; dot4 sums each exactly as dot does
                        int i = 0;
                        for (; i + 4 <= n; i += 4) {
                            for (int j = 0; j < 4; j++) {
                                fourRows[j] = (g * TOKENS_PER_TASK + i + j) * rank;
                            }
                            VectorMath.dot4(context, fourRows, row, 0, rank, part);
                            for (int j = 0; j < 4; j++) {
                                os[(t0 + i + j) * heads * vDim + h * vDim + d] = part[j];
                            }
                        }
                        for (; i < n; i++) {
                            os[(t0 + i) * heads * vDim + h * vDim + d] =
                                    VectorMath.dot(context, (g * TOKENS_PER_TASK + i) * rank, row, 0, rank);
                        }
                    }
                }
            }
        });
    }

    /** Per-thread buffers of the absorbed kernel, grown on demand and kept. */
    private static final class Scratch {
        float[] row = new float[0];
        float[] keyWeights = new float[0];
        float[] qAbsorbed = new float[0];
        float[] context = new float[0];
        float[] scores = new float[0];

        Scratch ensure(int rowSize, int headSize, int perItem, int scoreSize) {
            if (row.length < rowSize) {
                row = new float[rowSize];
            }
            if (keyWeights.length < headSize) {
                keyWeights = new float[headSize];
            }
            if (qAbsorbed.length < perItem) {
                qAbsorbed = new float[perItem];
                context = new float[perItem];
            }
            if (scores.length < scoreSize) {
                scores = new float[Math.max(scoreSize, 2 * scores.length)];
            }
            return this;
        }
    }

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Attention over expanded keys and values; see {@link dev.moeserve.domain.compute.ComputeBackend#expandedAttention}. */
    void expanded(FloatTensor q, FloatTensor kv, FloatTensor ropeKeys, int startPos, MlaDims dims, float scale,
                  FloatTensor out) {
        int tokens = q.rows();
        int heads = dims.heads();
        int nope = dims.qkNopeHeadDim();
        int rope = dims.qkRopeHeadDim();
        int vDim = dims.vHeadDim();
        int qWidth = heads * dims.qkHeadDim();
        int kvWidth = heads * dims.kvBRowsPerHead();
        float[] qs = q.data();
        float[] kvs = kv.data();
        float[] rs = ropeKeys.data();
        float[] os = out.data();
        // items of one head and up to 4 consecutive queries: each key and value row is loaded once for all 4
        int blocks = Math.ceilDiv(tokens, 4);
        int keysMax = startPos + tokens;
        parallel.forRange(heads * blocks, 4L * keysMax * (nope + rope + vDim), (from, to) -> {
            float[] scores = new float[4 * keysMax]; // row i of the block at i * keysMax
            int[] qAt = new int[4];
            int[] qRopeAt = new int[4];
            int[] outAt = new int[4];
            int[] scoreAt = new int[4];
            float[] part = new float[4];
            for (int item = from; item < to; item++) {
                int h = item / blocks;
                int t0 = (item % blocks) * 4;
                int n = Math.min(4, tokens - t0);
                for (int i = 0; i < 4; i++) {
                    int t = t0 + Math.min(i, n - 1); // a short block repeats its last query (computed, not stored)
                    qAt[i] = t * qWidth + h * dims.qkHeadDim();
                    qRopeAt[i] = qAt[i] + nope;
                    outAt[i] = t * heads * vDim + h * vDim;
                }
                int common = startPos + t0 + 1;           // keys every query of the block sees
                int last = startPos + t0 + n;             // keys the last one sees
                for (int j = 0; j < last; j++) {
                    int kAt = j * kvWidth + h * dims.kvBRowsPerHead();
                    if (j < common) {
                        VectorMath.dot4(qs, qAt, kvs, kAt, nope, part);
                        float n0 = part[0];
                        float n1 = part[1];
                        float n2 = part[2];
                        float n3 = part[3];
                        VectorMath.dot4(qs, qRopeAt, rs, j * rope, rope, part);
                        scores[j] = (n0 + part[0]) * scale;
                        scores[keysMax + j] = (n1 + part[1]) * scale;
                        scores[2 * keysMax + j] = (n2 + part[2]) * scale;
                        scores[3 * keysMax + j] = (n3 + part[3]) * scale;
                    } else {
                        for (int i = j - common + 1; i < n; i++) {
                            float nopePart = VectorMath.dot(qs, qAt[i], kvs, kAt, nope);
                            float ropePart = VectorMath.dot(qs, qAt[i] + nope, rs, j * rope, rope);
                            scores[i * keysMax + j] = (nopePart + ropePart) * scale;
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    softmax(scores, i * keysMax, common + i);
                }
                // out = Σ_j p[j] * v[j] in the order of j: the keys all rows see with the sums in registers
                // (4 rows at a time), then each row's own later keys
                int vAt0 = h * dims.kvBRowsPerHead() + nope;
                for (int j0 = 0; j0 < common; j0 += KEYS_PER_BLOCK) {
                    int depth = Math.min(KEYS_PER_BLOCK, common - j0);
                    if (n == 4) {
                        for (int i = 0; i < 4; i++) {
                            scoreAt[i] = i * keysMax + j0;
                        }
                        VectorMath.absorb4(kvs, j0 * kvWidth + vAt0, kvWidth, depth, scores, scoreAt, os, outAt, vDim,
                                j0 > 0);
                    } else {
                        for (int i = 0; i < n; i++) {
                            VectorMath.absorb1(kvs, j0 * kvWidth + vAt0, kvWidth, depth, scores, i * keysMax + j0, os,
                                    outAt[i], vDim, j0 > 0);
                        }
                    }
                }
                for (int j = common; j < last; j++) {
                    for (int i = j - common + 1; i < n; i++) {
                        VectorMath.axpy(scores[i * keysMax + j], kvs, j * kvWidth + vAt0, os, outAt[i], vDim);
                    }
                }
            }
        });
    }

    /** In-place softmax of {@code s[0 .. n)} in fp32 with the maximum subtracted. */
    static void softmax(float[] s, int n) {
        softmax(s, 0, n);
    }

    /** In-place softmax of {@code s[at .. at + n)}. */
    static void softmax(float[] s, int at, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = at; i < at + n; i++) {
            max = Math.max(max, s[i]);
        }
        float sum = 0;
        for (int i = at; i < at + n; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = at; i < at + n; i++) {
            s[i] /= sum;
        }
    }
}
