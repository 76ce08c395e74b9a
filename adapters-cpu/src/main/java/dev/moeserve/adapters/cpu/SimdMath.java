package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API versions of {@link VectorMath}'s loops; loaded only when the incubator module is present. */
final class SimdMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private SimdMath() {
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int step = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * step <= n; i += 2 * step) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
            acc1 = FloatVector.fromArray(S, a, ao + i + step).fma(FloatVector.fromArray(S, b, bo + i + step), acc1);
        }
        for (; i + step <= n; i += step) {
            acc0 = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc0);
        }
        FloatVector lanes76 = acc0.add(acc1);
        lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
        lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
        lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
        lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
        float sum = lanes76.lane(0);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int step = S.length();
        FloatVector va = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (; i + step <= n; i += step) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** Four {@link #dot}s sharing the loads of b; each sums in dot's order, so the results are dot's bit for bit. */
    static void dot4(float[] a, int a0, int a1, int a2, int a3, float[] b, int bo, int n, float[] out) {
        int step = S.length();
        FloatVector p0 = FloatVector.zero(S);
        FloatVector p1 = FloatVector.zero(S);
        FloatVector p2 = FloatVector.zero(S);
        FloatVector p3 = FloatVector.zero(S);
        FloatVector q0 = FloatVector.zero(S);
        FloatVector q1 = FloatVector.zero(S);
        FloatVector q2 = FloatVector.zero(S);
        FloatVector q3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * step <= n; i += 2 * step) {
            FloatVector x = FloatVector.fromArray(S, b, bo + i);
            FloatVector y = FloatVector.fromArray(S, b, bo + i + step);
            p0 = FloatVector.fromArray(S, a, a0 + i).fma(x, p0);
            p1 = FloatVector.fromArray(S, a, a1 + i).fma(x, p1);
            p2 = FloatVector.fromArray(S, a, a2 + i).fma(x, p2);
            p3 = FloatVector.fromArray(S, a, a3 + i).fma(x, p3);
            q0 = FloatVector.fromArray(S, a, a0 + i + step).fma(y, q0);
            q1 = FloatVector.fromArray(S, a, a1 + i + step).fma(y, q1);
            q2 = FloatVector.fromArray(S, a, a2 + i + step).fma(y, q2);
            q3 = FloatVector.fromArray(S, a, a3 + i + step).fma(y, q3);
        }
        for (; i + step <= n; i += step) {
            FloatVector x = FloatVector.fromArray(S, b, bo + i);
            p0 = FloatVector.fromArray(S, a, a0 + i).fma(x, p0);
            p1 = FloatVector.fromArray(S, a, a1 + i).fma(x, p1);
            p2 = FloatVector.fromArray(S, a, a2 + i).fma(x, p2);
            p3 = FloatVector.fromArray(S, a, a3 + i).fma(x, p3);
        }
        FloatVector lanes77 = p0.add(q0);
        lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
        lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
        lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
        lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
        float s0 = lanes77.lane(0);
        FloatVector lanes78 = p1.add(q1);
        lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
        lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
        lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
        lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
        float s1 = lanes78.lane(0);
        FloatVector lanes79 = p2.add(q2);
        lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
        lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
        lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
        lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
        float s2 = lanes79.lane(0);
        FloatVector lanes80 = p3.add(q3);
        lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
        lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
        lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
        lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
        float s3 = lanes80.lane(0);
        for (; i < n; i++) {
            s0 += a[a0 + i] * b[bo + i];
            s1 += a[a1 + i] * b[bo + i];
            s2 += a[a2 + i] * b[bo + i];
            s3 += a[a3 + i] * b[bo + i];
        }
        out[0] = s0;
        out[1] = s1;
        out[2] = s2;
        out[3] = s3;
    }

    /**
     * Four rows of {@code Σ_d q_j[d] * w[d, :]}: {@code y_j[c] (+)= Σ_{d < depth} q[qj + d] * w[wAt + d * wStride + c]}
     * for c < n, onto zeros or, when {@code accumulate}, onto y. Each element gets the same operations in the same
     * order as {@link #axpy} applied for d = 0, 1, ... (fused in the vector part, a product then a sum in the
     * tail), so the results are those of the axpy loop bit for bit; the sums stay in registers over all of d
     * instead of being loaded and stored once per row of w.
     */
    static void absorb4(float[] w, int wAt, int wStride, int depth, float[] q, int q0, int q1, int q2, int q3,
                        float[] y, int y0, int y1, int y2, int y3, int n, boolean accumulate) {
        int step = S.length();
        int c = 0;
        for (; c + 4 * step <= n; c += 4 * step) {
            FloatVector s00 = start(y, y0 + c, accumulate), s01 = start(y, y0 + c + step, accumulate);
            FloatVector s02 = start(y, y0 + c + 2 * step, accumulate), s03 = start(y, y0 + c + 3 * step, accumulate);
            FloatVector s10 = start(y, y1 + c, accumulate), s11 = start(y, y1 + c + step, accumulate);
            FloatVector s12 = start(y, y1 + c + 2 * step, accumulate), s13 = start(y, y1 + c + 3 * step, accumulate);
            FloatVector s20 = start(y, y2 + c, accumulate), s21 = start(y, y2 + c + step, accumulate);
            FloatVector s22 = start(y, y2 + c + 2 * step, accumulate), s23 = start(y, y2 + c + 3 * step, accumulate);
            FloatVector s30 = start(y, y3 + c, accumulate), s31 = start(y, y3 + c + step, accumulate);
            FloatVector s32 = start(y, y3 + c + 2 * step, accumulate), s33 = start(y, y3 + c + 3 * step, accumulate);
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                FloatVector w0 = FloatVector.fromArray(S, w, at);
                FloatVector w1 = FloatVector.fromArray(S, w, at + step);
                FloatVector w2 = FloatVector.fromArray(S, w, at + 2 * step);
                FloatVector w3 = FloatVector.fromArray(S, w, at + 3 * step);
                FloatVector b = FloatVector.broadcast(S, q[q0 + d]);
                s00 = w0.fma(b, s00);
                s01 = w1.fma(b, s01);
                s02 = w2.fma(b, s02);
                s03 = w3.fma(b, s03);
                b = FloatVector.broadcast(S, q[q1 + d]);
                s10 = w0.fma(b, s10);
                s11 = w1.fma(b, s11);
                s12 = w2.fma(b, s12);
                s13 = w3.fma(b, s13);
                b = FloatVector.broadcast(S, q[q2 + d]);
                s20 = w0.fma(b, s20);
                s21 = w1.fma(b, s21);
                s22 = w2.fma(b, s22);
                s23 = w3.fma(b, s23);
                b = FloatVector.broadcast(S, q[q3 + d]);
                s30 = w0.fma(b, s30);
                s31 = w1.fma(b, s31);
                s32 = w2.fma(b, s32);
                s33 = w3.fma(b, s33);
            }
            s00.intoArray(y, y0 + c);
            s01.intoArray(y, y0 + c + step);
            s02.intoArray(y, y0 + c + 2 * step);
            s03.intoArray(y, y0 + c + 3 * step);
            s10.intoArray(y, y1 + c);
            s11.intoArray(y, y1 + c + step);
            s12.intoArray(y, y1 + c + 2 * step);
            s13.intoArray(y, y1 + c + 3 * step);
            s20.intoArray(y, y2 + c);
            s21.intoArray(y, y2 + c + step);
            s22.intoArray(y, y2 + c + 2 * step);
            s23.intoArray(y, y2 + c + 3 * step);
            s30.intoArray(y, y3 + c);
            s31.intoArray(y, y3 + c + step);
            s32.intoArray(y, y3 + c + 2 * step);
            s33.intoArray(y, y3 + c + 3 * step);
        }
        for (; c + step <= n; c += step) {
            FloatVector s0 = start(y, y0 + c, accumulate), s1 = start(y, y1 + c, accumulate);
            FloatVector s2 = start(y, y2 + c, accumulate), s3 = start(y, y3 + c, accumulate);
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                FloatVector wv = FloatVector.fromArray(S, w, at);
                s0 = wv.fma(FloatVector.broadcast(S, q[q0 + d]), s0);
                s1 = wv.fma(FloatVector.broadcast(S, q[q1 + d]), s1);
                s2 = wv.fma(FloatVector.broadcast(S, q[q2 + d]), s2);
                s3 = wv.fma(FloatVector.broadcast(S, q[q3 + d]), s3);
            }
            s0.intoArray(y, y0 + c);
            s1.intoArray(y, y1 + c);
            s2.intoArray(y, y2 + c);
            s3.intoArray(y, y3 + c);
        }
        for (; c < n; c++) {
            float s0 = accumulate ? y[y0 + c] : 0;
            float s1 = accumulate ? y[y1 + c] : 0;
            float s2 = accumulate ? y[y2 + c] : 0;
            float s3 = accumulate ? y[y3 + c] : 0;
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                s0 += q[q0 + d] * w[at];
                s1 += q[q1 + d] * w[at];
                s2 += q[q2 + d] * w[at];
                s3 += q[q3 + d] * w[at];
            }
            y[y0 + c] = s0;
            y[y1 + c] = s1;
            y[y2 + c] = s2;
            y[y3 + c] = s3;
        }
    }

    /** {@link #absorb4} of one row. */
    static void absorb1(float[] w, int wAt, int wStride, int depth, float[] q, int q0, float[] y, int y0, int n,
                        boolean accumulate) {
        int step = S.length();
        int c = 0;
        for (; c + 4 * step <= n; c += 4 * step) {
            FloatVector s0 = start(y, y0 + c, accumulate), s1 = start(y, y0 + c + step, accumulate);
            FloatVector s2 = start(y, y0 + c + 2 * step, accumulate), s3 = start(y, y0 + c + 3 * step, accumulate);
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                FloatVector b = FloatVector.broadcast(S, q[q0 + d]);
                s0 = FloatVector.fromArray(S, w, at).fma(b, s0);
                s1 = FloatVector.fromArray(S, w, at + step).fma(b, s1);
                s2 = FloatVector.fromArray(S, w, at + 2 * step).fma(b, s2);
                s3 = FloatVector.fromArray(S, w, at + 3 * step).fma(b, s3);
            }
            s0.intoArray(y, y0 + c);
            s1.intoArray(y, y0 + c + step);
            s2.intoArray(y, y0 + c + 2 * step);
            s3.intoArray(y, y0 + c + 3 * step);
        }
        for (; c + step <= n; c += step) {
            FloatVector s0 = start(y, y0 + c, accumulate);
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                s0 = FloatVector.fromArray(S, w, at).fma(FloatVector.broadcast(S, q[q0 + d]), s0);
            }
            s0.intoArray(y, y0 + c);
        }
        for (; c < n; c++) {
            float s0 = accumulate ? y[y0 + c] : 0;
            for (int d = 0, at = wAt + c; d < depth; d++, at += wStride) {
                s0 += q[q0 + d] * w[at];
            }
            y[y0 + c] = s0;
        }
    }

    private static FloatVector start(float[] y, int at, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(S, y, at) : FloatVector.zero(S);
    }

    /** Four {@link #axpy}s of one x (loaded once), each y row updated in axpy's order. */
    static void axpy4(float a0, float a1, float a2, float a3, float[] x, int xo, float[] y, int y0, int y1, int y2,
                      int y3, int n) {
        int step = S.length();
        FloatVector v0 = FloatVector.broadcast(S, a0);
        FloatVector v1 = FloatVector.broadcast(S, a1);
        FloatVector v2 = FloatVector.broadcast(S, a2);
        FloatVector v3 = FloatVector.broadcast(S, a3);
        int i = 0;
        for (; i + step <= n; i += step) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + i);
            xv.fma(v0, FloatVector.fromArray(S, y, y0 + i)).intoArray(y, y0 + i);
            xv.fma(v1, FloatVector.fromArray(S, y, y1 + i)).intoArray(y, y1 + i);
            xv.fma(v2, FloatVector.fromArray(S, y, y2 + i)).intoArray(y, y2 + i);
            xv.fma(v3, FloatVector.fromArray(S, y, y3 + i)).intoArray(y, y3 + i);
        }
        for (; i < n; i++) {
            y[y0 + i] += a0 * x[xo + i];
            y[y1 + i] += a1 * x[xo + i];
            y[y2 + i] += a2 * x[xo + i];
            y[y3 + i] += a3 * x[xo + i];
        }
    }

    /** The vector part of {@link VectorMath#siluMul}; returns where the scalar tail starts. */
    static int siluMul(float[] g, float[] u, float[] z, int from, int to) {
        int step = S.length();
        int i = from;
        for (; i + step <= to; i += step) {
            FloatVector x = FloatVector.fromArray(S, g, i);
            FloatVector e = exp(x.neg()).add(1f);
            x.div(e).mul(FloatVector.fromArray(S, u, i)).intoArray(z, i);
        }
        return i;
    }

    /** {@link VectorMath#exp} in every lane, operation for operation, so each lane has its bits. */
    static FloatVector exp(FloatVector x) {
        FloatVector v = x.max(VectorMath.EXP_MIN).min(VectorMath.EXP_MAX);
        FloatVector t = v.fma(VectorMath.EXP_LOG2E, VectorMath.EXP_ROUND);
        FloatVector k = t.sub(VectorMath.EXP_ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -VectorMath.EXP_LN2_HI), v);
        r = k.fma(FloatVector.broadcast(S, -VectorMath.EXP_LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, VectorMath.EXP_P0).fma(r, FloatVector.broadcast(S, VectorMath.EXP_P1));
        p = p.fma(r, FloatVector.broadcast(S, VectorMath.EXP_P2));
        p = p.fma(r, FloatVector.broadcast(S, VectorMath.EXP_P3));
        p = p.fma(r, FloatVector.broadcast(S, VectorMath.EXP_P4));
        p = p.fma(r, FloatVector.broadcast(S, VectorMath.EXP_P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector scale = ((IntVector) t.reinterpretAsInts()).sub(Float.floatToRawIntBits(VectorMath.EXP_ROUND) - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return y.mul(scale.reinterpretAsFloats());
    }

    static String describe() {
        return "Vector API " + S.vectorBitSize() + "-bit";
    }
}
