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
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
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

    static String describe() {
        return "Vector API " + S.vectorBitSize() + "-bit";
    }
}
