package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A weight in its stored format, read in place from the uploaded memory (for checkpoints, the
 * memory-mapped file): nothing is expanded to F32 beyond the row a kernel is working on.
 */
final class WeightTensor extends CpuTensor {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private MemorySegment data;
    private final BlockScales scales; // F8_E4M3 only

    WeightTensor(HostTensor host) {
        super(host.dtype(), host.shape());
        this.name = host.name();
        this.data = host.data();
        this.scales = host.scales();
    }

    String name() {
        return name;
    }

    @Override
    void decodeRow(int row, float[] dst, int offset) {
        checkLive();
        int cols = cols();
        long base = (long) row * cols;
        MemorySegment d = data;
        switch (dtype()) {
            case F32 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = d.get(F32, (base + c) * 4);
                }
            }
            case BF16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = Float.intBitsToFloat(d.get(I16, (base + c) * 2) << 16);
                }
            }
            case F16 -> {
                for (int c = 0; c < cols; c++) {
                    dst[offset + c] = Float.float16ToFloat(d.get(I16, (base + c) * 2));
                }
            }
            case F8_E4M3 -> {
                // one scale per block of columns; the multiply is the reference's single fp32 dequantization
                int blockCols = scales.blockCols();
                for (int from = 0; from < cols; from += blockCols) {
                    float scale = scales.scaleAt(row, from);
                    int to = Math.min(cols, from + blockCols);
                    for (int c = from; c < to; c++) {
                        dst[offset + c] = Fp8E4M3.decode(d.get(ValueLayout.JAVA_BYTE, base + c)) * scale;
                    }
                }
            }
            default -> throw new IllegalStateException("not a weight dtype: " + dtype());
        }
    }

    @Override
    void free() {
        super.free();
        data = null;
    }
}
