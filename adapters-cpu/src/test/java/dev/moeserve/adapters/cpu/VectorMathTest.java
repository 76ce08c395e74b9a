package dev.moeserve.adapters.cpu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The register-blocked kernels of absorbed attention give the values of the one-row loops they replace, bit
 * for bit, so attention does not depend on how many rows share a work item.
 */
class VectorMathTest {
    private final Random random = new Random(11);

    /** Widths crossing the 4-vector blocks, the single-vector blocks and the scalar tail. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 85, 512})
    void absorb4GivesTheAxpyLoopsValuesBitForBit(int n) {
        int depth = 13;
        float[] w = gaussian(depth * n);
        float[] q = gaussian(4 * depth + 3);
        int[] qAt = {3, depth + 3, 2 * depth + 3, 3 * depth + 3};
        int[] yAt = {0, n, 2 * n, 3 * n};
        float[] actual = new float[4 * n];
        VectorMath.absorb4(w, 0, n, depth, q, qAt, actual, yAt, n, false);

        float[] expected = new float[4 * n];
        for (int j = 0; j < 4; j++) {
            for (int d = 0; d < depth; d++) {
                VectorMath.axpy(q[qAt[j] + d], w, d * n, expected, yAt[j], n);
            }
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.floatToIntBits(actual[i])).as("element %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }

    /** The context sums: rows of a wider cache (stride), in two blocks of keys, the second accumulating. */
    @ParameterizedTest
    @ValueSource(ints = {7, 16, 85, 512})
    void blocksOfRowsAccumulateToTheAxpyLoopsValuesOneRowOrFour(int n) {
        int depth = 70;
        int stride = n + 5;
        int at = 3;
        float[] w = gaussian(at + depth * stride);
        float[] q = gaussian(4 * depth);
        int[] qAt = {0, depth, 2 * depth, 3 * depth};
        int[] yAt = {0, n, 2 * n, 3 * n};
        float[] four = new float[4 * n];
        VectorMath.absorb4(w, at, stride, 64, q, qAt, four, yAt, n, false);
        VectorMath.absorb4(w, at + 64 * stride, stride, depth - 64, q, new int[] {64, depth + 64, 2 * depth + 64, 3 * depth + 64},
                four, yAt, n, true);
        float[] one = new float[4 * n];
        for (int j = 0; j < 4; j++) {
            VectorMath.absorb1(w, at, stride, 64, q, qAt[j], one, yAt[j], n, false);
            VectorMath.absorb1(w, at + 64 * stride, stride, depth - 64, q, qAt[j] + 64, one, yAt[j], n, true);
        }
        float[] expected = new float[4 * n];
        for (int j = 0; j < 4; j++) {
            for (int d = 0; d < depth; d++) {
                VectorMath.axpy(q[qAt[j] + d], w, at + d * stride, expected, yAt[j], n);
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.floatToIntBits(four[i])).as("four rows, element %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
            assertThat(Float.floatToIntBits(one[i])).as("one row, element %d", i).isEqualTo(Float.floatToIntBits(expected[i]));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 16, 85})
    void absorb4WithARepeatedRowWritesTheSameValuesTwice(int n) {
        int depth = 4;
        float[] w = gaussian(depth * n);
        float[] q = gaussian(2 * depth);
        float[] y = new float[2 * n];
        VectorMath.absorb4(w, 0, n, depth, q, new int[] {0, depth, depth, depth}, y, new int[] {0, n, n, n}, n, false);
        float[] alone = new float[n];
        for (int d = 0; d < depth; d++) {
            VectorMath.axpy(q[depth + d], w, d * n, alone, 0, n);
        }
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToIntBits(y[n + i])).isEqualTo(Float.floatToIntBits(alone[i]));
        }
        assertThat(y[0]).isNotEqualTo(y[n]); // the first row is its own
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 16, 85, 512})
    void dot4GivesDotsValuesBitForBit(int n) {
        float[] a = gaussian(4 * n + 9);
        float[] b = gaussian(n + 2);
        int[] at = {9, n + 9, 2 * n + 9, 3 * n + 9};
        float[] out = new float[4];
        VectorMath.dot4(a, at, b, 2, n, out);
        for (int j = 0; j < 4; j++) {
            assertThat(Float.floatToIntBits(out[j])).isEqualTo(Float.floatToIntBits(VectorMath.dot(a, at[j], b, 2, n)));
        }
    }

    @org.junit.jupiter.api.Test
    void expIsWithinTwoUlpOfTheExactValueAndEveryLaneHasTheScalarBits() {
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[lanes * 4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < 8 ? new float[] {0f, -0f, -87.3f, 88.3f, -200f, 200f, 1e-30f, -1e-30f}[i]
                    : (float) (random.nextDouble() * 175.6 - 87.3);
        }
        for (int i = 0; i < x.length; i += lanes) {
            float[] lane = new float[lanes];
            SimdMath.exp(jdk.incubator.vector.FloatVector.fromArray(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED, x, i))
                    .intoArray(lane, 0);
            for (int j = 0; j < lanes; j++) {
                float scalar = VectorMath.exp(x[i + j]);
                assertThat(Float.floatToIntBits(lane[j])).as("lane of exp(%s)", x[i + j]).isEqualTo(Float.floatToIntBits(scalar));
                double exact = Math.exp(Math.min(Math.max(x[i + j], -87.3f), 88.3f));
                assertThat(Math.abs(scalar - exact)).as("exp(%s)", x[i + j]).isLessThanOrEqualTo(2 * Math.ulp((float) exact));
            }
        }
        assertThat(VectorMath.exp(-200f)).isPositive(); // clamped: silu's denominator stays finite and positive
        assertThat(VectorMath.exp(200f)).isFinite();
    }

    @org.junit.jupiter.api.Test
    void siluMulGivesTheSameBitsWhereverAParallelChunkEnds() {
        int n = 1000;
        float[] g = gaussian(n);
        float[] u = gaussian(n);
        float[] whole = new float[n];
        VectorMath.siluMul(g, u, whole, 0, n);
        float[] pieces = new float[n];
        for (int from = 0, len = 3; from < n; from += len, len = len * 2 + 1) {
            VectorMath.siluMul(g, u, pieces, from, Math.min(n, from + len));
        }
        for (int i = 0; i < n; i++) {
            assertThat(Float.floatToIntBits(pieces[i])).as("element %d", i).isEqualTo(Float.floatToIntBits(whole[i]));
            double silu = g[i] / (1 + Math.exp(-g[i])) * u[i];
            assertThat((double) whole[i]).isCloseTo(silu, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(silu))));
        }
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(5) - 2));
        }
        return v;
    }
}
