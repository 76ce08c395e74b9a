package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Decoding of a whole stored row into F32 in the Vector API, for the kernels that need a row in memory
 * (attention's per-head {@code kv_b_proj} rows, embeddings). Same values as the scalar decode, bit for bit.
 */
final class SimdDecode {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16));
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8));
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private SimdDecode() {
    }

    static void decodeRow(WeightTensor w, int row, float[] dst, int offset) {
        MemorySegment m = w.segment();
        int cols = w.cols();
        int full = cols - cols % L;
        switch (w.dtype()) {
            case BF16 -> {
                long base = (long) row * cols * 2;
                for (int c = 0; c < full; c += L) {
                    ShortVector s = ShortVector.fromMemorySegment(S, m, base + 2L * c, LE);
                    ((IntVector) s.convertShape(VectorOperators.S2I, I, 0)).lanewise(VectorOperators.LSHL, 16)
                            .reinterpretAsFloats().intoArray(dst, offset + c);
                }
            }
            case F8_E4M3 -> {
                long base = (long) row * cols;
                float[] scales = w.fp8Scales();
                int scaleBase = w.fp8ScaleRowBase(row);
                int blockCols = w.fp8BlockCols();
                // block by block, so the scale is fetched once per block and no vector straddles two blocks
                for (int from = 0, cb = 0; from < full; from += blockCols, cb++) {
                    int to = Math.min(full, from + blockCols);
                    FloatVector scale = FloatVector.broadcast(F, scales[scaleBase + cb]);
                    int c = from;
                    for (; c + L <= to; c += L) {
                        ByteVector b = ByteVector.fromMemorySegment(B, m, base + c, LE);
                        ((IntVector) b.convertShape(VectorOperators.B2I, I, 0)).lanewise(VectorOperators.LSHL, 24)
                                .lanewise(VectorOperators.ASHR, 4).and(0x87F00000).reinterpretAsFloats().mul(scale)
                                .intoArray(dst, offset + c);
                    }
                    for (; c < to; c++) {
                        dst[offset + c] = w.valueAt(row, c);
                    }
                }
            }
            default -> throw new IllegalStateException("no vector decode for " + w.dtype());
        }
        for (int c = full; c < cols; c++) {
            dst[offset + c] = w.valueAt(row, c);
        }
    }
}
