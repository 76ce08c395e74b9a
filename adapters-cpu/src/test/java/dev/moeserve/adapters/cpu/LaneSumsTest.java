package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lane sum rounds in one documented order (halves folded), whatever tier runs it. Checked through
 * {@link SimdMath#dot} over one vector's width against ones: its single accumulator holds the values exactly.
 */
class LaneSumsTest {
    @Test
    void sumsLanesByFoldingHalvesOntoEachOther() {
        Random random = new Random(7);
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        for (int trial = 0; trial < 10_000; trial++) {
            float[] values = new float[lanes];
            for (int i = 0; i < lanes; i++) {
                // mixed magnitudes, so different orders round differently
                values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 4));
            }
            float expected = folded(values.clone());
            float actual = laneSum(values);
            assertThat(Float.floatToIntBits(actual)).as("trial %d", trial).isEqualTo(Float.floatToIntBits(expected));
        }
    }

    @Test
    void aSequentialSumWouldRoundDifferentlyForSomeInputs() {
        // guards the test above: with these inputs the order is observable
        float[] values = new float[FloatVector.SPECIES_PREFERRED.length()];
        values[0] = 1e8f;
        values[1] = 1f;
        values[values.length / 2] = -1e8f;
        float sequential = 0;
        for (float v : values) {
            sequential += v;
        }
        float tree = laneSum(values);
        assertThat(sequential).isEqualTo(0f);
        assertThat(tree).isEqualTo(values.length >= 4 ? 1f : 0f);
    }

    private static float laneSum(float[] values) {
        float[] ones = new float[values.length];
        java.util.Arrays.fill(ones, 1f);
        return SimdMath.dot(values, 0, ones, 0, values.length);
    }

    /** Lane i += lane i ^ d for d = lanes/2, lanes/4, ..., 1; the answer is lane 0. */
    private static float folded(float[] v) {
        for (int d = v.length / 2; d >= 1; d /= 2) {
            float[] next = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                next[i] = v[i] + v[i ^ d];
            }
            v = next;
        }
        return v[0];
    }
}
