package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
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
            FloatVector e = x.neg().lanewise(VectorOperators.EXP).add(1f);
            x.div(e).mul(FloatVector.fromArray(S, u, i)).intoArray(z, i);
        }
        return i;
    }

    static String describe() {
        return "Vector API " + S.vectorBitSize() + "-bit";
    }
}
