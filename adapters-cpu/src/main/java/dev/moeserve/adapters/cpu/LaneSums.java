package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Summing a float vector's lanes in one fixed order: halves folded onto each other four times
 * ({@code v = v + v.rearrange(FOLD_k, KEEP_k)}, then lane 0). {@code reduceLanes(ADD)} leaves the order open,
 * and C2's order differs from the interpreter's, so the same input would round differently before and after
 * a kernel is compiled; lanewise adds and shuffles are exact, so the fold is the same in every tier.
 *
 * <p>The kernels write the four folds out rather than call a helper: they are too large for C2 to inline
 * one, and a call would box the vector (an allocation per output row). Species of 2 to 16 lanes: a fold
 * past the species' width has an empty mask, so it adds zeros.
 */
final class LaneSums {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorShuffle<Float> FOLD_1 = fold(F.length() / 2);
    static final VectorShuffle<Float> FOLD_2 = fold(F.length() / 4);
    static final VectorShuffle<Float> FOLD_3 = fold(F.length() / 8);
    static final VectorShuffle<Float> FOLD_4 = fold(F.length() / 16);
    static final VectorMask<Float> KEEP_1 = keep(F.length() / 2);
    static final VectorMask<Float> KEEP_2 = keep(F.length() / 4);
    static final VectorMask<Float> KEEP_3 = keep(F.length() / 8);
    static final VectorMask<Float> KEEP_4 = keep(F.length() / 16);

    static {
        if (F.length() > 16) {
            throw new IllegalStateException("lane sums are written for at most 16 float lanes, not " + F.length());
        }
    }

    private LaneSums() {
    }

    /** Lane {@code i} takes lane {@code i ^ distance}; a distance of 0 (a fold past the width) takes itself. */
    private static VectorShuffle<Float> fold(int distance) {
        return VectorShuffle.fromOp(F, i -> i ^ distance);
    }

    /** All lanes for a real fold, none (so the fold adds zeros) past the species' width. */
    private static VectorMask<Float> keep(int distance) {
        return distance > 0 ? F.maskAll(true) : F.maskAll(false);
    }
}
