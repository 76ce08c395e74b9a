package dev.moeserve.adapters.cpu;

import java.util.Arrays;

/**
 * The inner loops: dot products and scaled additions, through the Vector API when the JVM was started
 * with {@code --add-modules jdk.incubator.vector}, else in plain Java.
 */
final class VectorMath {
    static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private VectorMath() {
    }

    /** {@code Σ a[ao + i] * b[bo + i]} for i < n. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        return VECTOR_API ? SimdMath.dot(a, ao, b, bo, n) : scalarDot(a, ao, b, bo, n);
    }

    /** {@code y[yo + i] += alpha * x[xo + i]} for i < n. */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        if (VECTOR_API) {
            SimdMath.axpy(alpha, x, xo, y, yo, n);
        } else {
            for (int i = 0; i < n; i++) {
                y[yo + i] += alpha * x[xo + i];
            }
        }
    }

    /** {@code out[i] = dot(a at ao[i], b at bo, n)} for the four offsets, each exactly as {@link #dot} sums it. */
    static void dot4(float[] a, int[] ao, float[] b, int bo, int n, float[] out) {
        if (VECTOR_API) {
            SimdMath.dot4(a, ao[0], ao[1], ao[2], ao[3], b, bo, n, out);
        } else {
            for (int i = 0; i < 4; i++) {
                out[i] = scalarDot(a, ao[i], b, bo, n);
            }
        }
    }

    /**
     * {@code y_j[c] (+)= Σ_{d < depth} q[qo[j] + d] * w[wAt + d * wStride + c]} for c < n, for the four (q, y)
     * offsets, onto zeros or, when {@code accumulate}, onto y: exactly the values of {@link #axpy} applied for
     * d = 0, 1, ... (the weighted sum of depth rows of w, with the sum kept in registers).
     */
    static void absorb4(float[] w, int wAt, int wStride, int depth, float[] q, int[] qo, float[] y, int[] yo, int n,
                        boolean accumulate) {
        if (VECTOR_API) {
            SimdMath.absorb4(w, wAt, wStride, depth, q, qo[0], qo[1], qo[2], qo[3], y, yo[0], yo[1], yo[2], yo[3], n,
                    accumulate);
        } else {
            for (int j = 0; j < 4; j++) {
                absorb1(w, wAt, wStride, depth, q, qo[j], y, yo[j], n, accumulate);
            }
        }
    }

    /** {@link #absorb4} of one row. */
    static void absorb1(float[] w, int wAt, int wStride, int depth, float[] q, int qo, float[] y, int yo, int n,
                        boolean accumulate) {
        if (VECTOR_API) {
            SimdMath.absorb1(w, wAt, wStride, depth, q, qo, y, yo, n, accumulate);
            return;
        }
        if (!accumulate) {
            Arrays.fill(y, yo, yo + n, 0f);
        }
        for (int d = 0; d < depth; d++) {
            axpy(q[qo + d], w, wAt + d * wStride, y, yo, n);
        }
    }

    /** {@link #axpy} of one x into four y rows, each row updated exactly as axpy would. */
    static void axpy4(float a0, float a1, float a2, float a3, float[] x, int xo, float[] y, int[] yo, int n) {
        if (VECTOR_API) {
            SimdMath.axpy4(a0, a1, a2, a3, x, xo, y, yo[0], yo[1], yo[2], yo[3], n);
        } else {
            axpy(a0, x, xo, y, yo[0], n);
            axpy(a1, x, xo, y, yo[1], n);
            axpy(a2, x, xo, y, yo[2], n);
            axpy(a3, x, xo, y, yo[3], n);
        }
    }

    /** {@code z[i] = silu(g[i]) * u[i]} for i in [from, to), with {@link #exp}: the same bits in every lane and tail. */
    static void siluMul(float[] g, float[] u, float[] z, int from, int to) {
        int i = VECTOR_API ? SimdMath.siluMul(g, u, z, from, to) : from;
        for (; i < to; i++) {
            float x = g[i];
            z[i] = x / (1f + exp(-x)) * u[i];
        }
    }

    // exp as 2^k * p(r): k = round(x / ln 2) by the 1.5 * 2^23 rounding trick, r = x - k ln 2 in two parts, p the
    // degree-7 Taylor-like polynomial of Cephes' expf. Only additions, products, fused multiply-adds and integer
    // bit operations, each exactly specified, so interpreted, C1, C2 and vector lanes all give the same bits.
    // The Vector API's own EXP did not: C2 calls a vector math library, the fallback Math.exp, and a value
    // differed by an ulp with the JIT state and with where a parallel chunk's vector part ended.
    static final float EXP_MIN = -87.3f;  // 2^k stays a normal float
    static final float EXP_MAX = 88.3f;   // and finite
    static final float EXP_LOG2E = 1.44269504088896341f;
    static final float EXP_ROUND = 12582912f;  // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
    static final float EXP_LN2_HI = 0.693359375f;
    static final float EXP_LN2_LO = -2.12194440e-4f;
    static final float EXP_P0 = 1.9875691500e-4f;
    static final float EXP_P1 = 1.3981999507e-3f;
    static final float EXP_P2 = 8.3334519073e-3f;
    static final float EXP_P3 = 4.1665795894e-2f;
    static final float EXP_P4 = 1.6666665459e-1f;
    static final float EXP_P5 = 5.0000001201e-1f;

    /**
     * e^x within about 2 ulp, clamped to [e^-87.3, e^88.3] (silu needs nothing beyond), the same bits on every
     * JIT tier and in {@link SimdMath}'s lanes.
     */
    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(v, EXP_LOG2E, EXP_ROUND);
        float k = t - EXP_ROUND;
        float r = Math.fma(k, -EXP_LN2_HI, v);
        r = Math.fma(k, -EXP_LN2_LO, r);
        float p = Math.fma(EXP_P0, r, EXP_P1);
        p = Math.fma(p, r, EXP_P2);
        p = Math.fma(p, r, EXP_P3);
        p = Math.fma(p, r, EXP_P4);
        p = Math.fma(p, r, EXP_P5);
        float y = Math.fma(p, r * r, r) + 1f;
        int scale = (Float.floatToRawIntBits(t) - Float.floatToRawIntBits(EXP_ROUND) + 127) << 23;
        return y * Float.intBitsToFloat(scale);
    }

    static float scalarDot(float[] a, int ao, float[] b, int bo, int n) {
        // four partial sums: shorter dependency chains and less round-off growth than one
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Description for {@link CpuBackend#info()}. */
    static String describe() {
        return VECTOR_API ? SimdMath.describe() : "scalar";
    }
}
