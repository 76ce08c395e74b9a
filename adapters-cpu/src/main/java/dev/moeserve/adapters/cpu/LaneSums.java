package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a float vector's lanes in one fixed order (halves folded onto each other until one lane is left).
 * {@code reduceLanes(ADD)} leaves the order open, and C2's order differs from the interpreter's, so the same
 * input would round differently before and after a kernel is compiled; lanewise adds and shuffles are exact,
 * so this sum is the same in every tier.
 */
final class LaneSums {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float> FOLD_HALF = fold(F.length() / 2);
    private static final VectorShuffle<Float> FOLD_QUARTER = fold(Math.max(1, F.length() / 4));
    private static final VectorShuffle<Float> FOLD_EIGHTH = fold(Math.max(1, F.length() / 8));
    private static final VectorShuffle<Float> FOLD_SIXTEENTH = fold(Math.max(1, F.length() / 16));

    private LaneSums() {
    }

    /** Lane {@code i} takes lane {@code i ^ distance}. */
    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(F, i -> i ^ distance);
    }

    static float sum(FloatVector v) {
        int lanes = v.length();
        FloatVector s = v.add(v.rearrange(FOLD_HALF));
        if (lanes >= 4) {
            s = s.add(s.rearrange(FOLD_QUARTER));
        }
        if (lanes >= 8) {
            s = s.add(s.rearrange(FOLD_EIGHTH));
        }
        if (lanes >= 16) {
            s = s.add(s.rearrange(FOLD_SIXTEENTH));
        }
        if (lanes > 16) { // wider than AVX-512: lanes 0 .. lanes/16 - 1 hold the partial sums
            float total = 0;
            for (int i = 0; i < lanes / 16; i++) {
                total += s.lane(i);
            }
            return total;
        }
        return s.lane(0);
    }
}
