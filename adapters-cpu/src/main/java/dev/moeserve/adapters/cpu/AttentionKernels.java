package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.MlaDims;

import java.util.Arrays;

/** MLA kernels: rotary embedding, the latent cache, and both forms of attention. */
final class AttentionKernels {
    /** Query tokens per work item: enough to amortize decoding a head's kv_b rows. */
    private static final int TOKENS_PER_TASK = 16;

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
     * one token of each sequence in a batched decode step). Each head's {@code kv_b} rows are decoded once
     * per work item and serve all its rows.
     */
    void absorbed(FloatTensor q, CpuTensor kvB, float[][] caches, int width, int[] positions, MlaDims dims,
                  float scale, FloatTensor out) {
        int tokens = q.rows();
        int heads = dims.heads();
        int nope = dims.qkNopeHeadDim();
        int rope = dims.qkRopeHeadDim();
        int vDim = dims.vHeadDim();
        int rank = dims.kvLoraRank();
        int qWidth = heads * dims.qkHeadDim();
        int chunks = Math.ceilDiv(tokens, TOKENS_PER_TASK);
        int maxKeys = 0;
        long keysTotal = 0;
        for (int p : positions) {
            maxKeys = Math.max(maxKeys, p + 1);
            keysTotal += p + 1;
        }
        float[] qs = q.data();
        float[] os = out.data();
        int scoreLength = maxKeys;
        long work = (long) Math.max(1, keysTotal / Math.max(1, chunks)) * (2L * rank + rope) + 2L * (nope + vDim) * rank;
        parallel.forRange(heads * chunks, work, (from, to) -> {
            Scratch sc = scratch.get().ensure(nope * rank, vDim * rank, rank, scoreLength);
            float[] wk = sc.wk;             // [nope, kv_lora_rank] key half of kv_b for this head
            float[] wv = sc.wv;             // [v, kv_lora_rank] value half
            float[] qAbsorbed = sc.qAbsorbed;
            float[] context = sc.context;
            float[] scores = sc.scores;
            int decodedHead = -1;
            for (int item = from; item < to; item++) {
                int h = item / chunks;
                int chunk = item % chunks;
                if (h != decodedHead) {
                    int base = h * dims.kvBRowsPerHead();
                    for (int d = 0; d < nope; d++) {
                        kvB.decodeRow(base + d, wk, d * rank);
                    }
                    for (int d = 0; d < vDim; d++) {
                        kvB.decodeRow(base + nope + d, wv, d * rank);
                    }
                    decodedHead = h;
                }
                int tEnd = Math.min(tokens, (chunk + 1) * TOKENS_PER_TASK);
                for (int t = chunk * TOKENS_PER_TASK; t < tEnd; t++) {
                    float[] cs = caches[t];
                    int qAt = t * qWidth + h * dims.qkHeadDim();
                    Arrays.fill(qAbsorbed, 0, rank, 0f);
                    for (int d = 0; d < nope; d++) {
                        VectorMath.axpy(qs[qAt + d], wk, d * rank, qAbsorbed, 0, rank);
                    }
                    int keys = positions[t] + 1;
                    for (int j = 0; j < keys; j++) {
                        float latentPart = VectorMath.dot(qAbsorbed, 0, cs, j * width, rank);
                        float ropePart = VectorMath.dot(qs, qAt + nope, cs, j * width + rank, rope);
                        scores[j] = (latentPart + ropePart) * scale;
                    }
                    softmax(scores, keys);
                    Arrays.fill(context, 0, rank, 0f);
                    for (int j = 0; j < keys; j++) {
                        VectorMath.axpy(scores[j], cs, j * width, context, 0, rank);
                    }
                    int outAt = t * heads * vDim + h * vDim;
                    for (int d = 0; d < vDim; d++) {
                        os[outAt + d] = VectorMath.dot(context, 0, wv, d * rank, rank);
                    }
                }
            }
        });
    }

    /** Per-thread buffers of the absorbed kernel, grown on demand and kept. */
    private static final class Scratch {
        float[] wk = new float[0];
        float[] wv = new float[0];
        float[] qAbsorbed = new float[0];
        float[] context = new float[0];
        float[] scores = new float[0];

        Scratch ensure(int wkSize, int wvSize, int rank, int keys) {
            if (wk.length < wkSize) {
                wk = new float[wkSize];
            }
            if (wv.length < wvSize) {
                wv = new float[wvSize];
            }
            if (qAbsorbed.length < rank) {
                qAbsorbed = new float[rank];
                context = new float[rank];
            }
            if (scores.length < keys) {
                scores = new float[Math.max(keys, 2 * scores.length)];
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
        parallel.forRange(heads * tokens, (long) (startPos + tokens) * (nope + rope + vDim), (from, to) -> {
            float[] scores = new float[startPos + tokens];
            for (int item = from; item < to; item++) {
                int h = item / tokens;
                int t = item % tokens;
                int qAt = t * qWidth + h * dims.qkHeadDim();
                int keys = startPos + t + 1;
                for (int j = 0; j < keys; j++) {
                    int kAt = j * kvWidth + h * dims.kvBRowsPerHead();
                    float nopePart = VectorMath.dot(qs, qAt, kvs, kAt, nope);
                    float ropePart = VectorMath.dot(qs, qAt + nope, rs, j * rope, rope);
                    scores[j] = (nopePart + ropePart) * scale;
                }
                softmax(scores, keys);
                int outAt = t * heads * vDim + h * vDim;
                Arrays.fill(os, outAt, outAt + vDim, 0f);
                for (int j = 0; j < keys; j++) {
                    VectorMath.axpy(scores[j], kvs, j * kvWidth + h * dims.kvBRowsPerHead() + nope, os, outAt, vDim);
                }
            }
        });
    }

    /** In-place softmax of {@code s[0 .. n)} in fp32 with the maximum subtracted. */
    static void softmax(float[] s, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            s[i] = (float) Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < n; i++) {
            s[i] /= sum;
        }
    }
}
