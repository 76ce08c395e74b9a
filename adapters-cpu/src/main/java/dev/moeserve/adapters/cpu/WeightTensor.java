package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A weight in its stored format: the {@link RowKernels} decode it in registers; nothing is expanded to F32
 * beyond the row an attention kernel is working on. A weight uploaded from a memory-mapped file is copied
 * into memory of its own or read in place from the mapping (the backend decides: {@link CpuBackend}).
 */
final class WeightTensor extends CpuTensor {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Small weights (norms, biases) are decoded once and kept as floats. */
    private static final int CACHED_VECTOR_LIMIT = 1 << 16;

    private final String name;
    private MemorySegment data;
    private final Arena own;            // owns the copy of an uploaded weight; null when read where it was uploaded
    private final BlockScales scales;   // F8_E4M3 only
    private final float[] fp8Scales;    // F8_E4M3 only: [rowBlocks, colBlocks] block scale * 2^120
    private final float[] fp8KernelScales; // F8_E4M3 only: block scale * 2^60 (the kernels' x is scaled by 2^60)
    private final RowKernels kernels;   // null: decoded row by row
    private volatile float[] asFloats;  // small weights only

    /** A weight read where it was uploaded. */
    WeightTensor(HostTensor host) {
        this(host, null);
    }

    /**
     * @param copy memory of its own holding a copy of the uploaded bytes (see {@link HugePageMemory}), which
     *             the tensor reads instead and releases when freed; null to read the weight in place
     */
    WeightTensor(HostTensor host, HugePageMemory.Block copy) {
        super(host.dtype(), host.shape());
        this.name = host.name();
        this.scales = host.scales();
        if (copy != null) {
            if (copy.segment().byteSize() != host.data().byteSize()) {
                throw new IllegalArgumentException("copy of " + name + " holds " + copy.segment().byteSize()
                        + " bytes, the weight " + host.data().byteSize());
            }
            this.own = copy.owner();
            this.data = copy.segment();
        } else {
            this.own = null;
            this.data = host.data();
            prefault(data);
        }
        this.fp8Scales = scales == null ? null : scaledUp(scales, 120);
        this.fp8KernelScales = scales == null ? null : scaledUp(scales, 60);
        this.kernels = RowKernels.forWeight(this);
    }

    /**
     * Maps every page of a file-backed weight in at upload: the kernels read weights in place, so otherwise
     * the first read of each 4 KiB page faults, and routed experts are first read many steps into decoding
     * (and by the first requests a server answers). Costs load time: about 2.5 s for 4.3 GB here.
     */
    private static void prefault(MemorySegment m) {
        if (m.isMapped() && m.byteSize() > 0) {
            m.load();
        }
    }

    /** The block scales times 2^shift, or null when one of them would overflow (then the kernels are not used). */
    private static float[] scaledUp(BlockScales s, int shift) {
        int n = Math.toIntExact(s.shape().elementCount());
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float v = s.data().get(F32, (long) i * 4);
            out[i] = Math.scalb(v, shift);
            if (!Float.isFinite(out[i]) || Math.scalb(out[i], -shift) != v) {
                return null;
            }
        }
        return out;
    }

    String name() {
        return name;
    }

    MemorySegment segment() {
        checkLive();
        return data;
    }

    /** The vector kernels for this weight, or null. */
    RowKernels kernels() {
        return kernels;
    }

    /** Bytes of this weight as stored, block scales included. */
    long storedBytes() {
        return dtype().bytesFor(shape().elementCount()) + (scales == null ? 0 : scales.data().byteSize());
    }

    /** Bytes of one stored row, with its share of the block scales. */
    long storedRowBytes() {
        return storedBytes() / Math.max(1, rows());
    }

    /** Whether the FP8 vector kernels apply: scales usable and constant over chunks of {@code chunk} columns. */
    boolean fp8ScalesUsable(int chunk) {
        return fp8Scales != null && fp8KernelScales != null && scales.blockCols() % chunk == 0;
    }

    float[] fp8Scales() {
        return fp8Scales;
    }

    float[] fp8KernelScales() {
        return fp8KernelScales;
    }

    int fp8BlockCols() {
        return scales.blockCols();
    }

    /** Index in {@link #fp8Scales()} of the first block of row {@code row}. */
    int fp8ScaleRowBase(int row) {
        return (row / scales.blockRows()) * scales.shape().dim(1);
    }

    /** One decoded element (tails of the vector loops). */
    float valueAt(int row, int col) {
        long i = (long) row * cols() + col;
        return switch (dtype()) {
            case F32 -> data.get(F32, i * 4);
            case BF16 -> Float.intBitsToFloat(data.get(I16, i * 2) << 16);
            case F16 -> Float.float16ToFloat(data.get(I16, i * 2));
            case F8_E4M3 -> Fp8E4M3.decode(data.get(ValueLayout.JAVA_BYTE, i)) * scales.scaleAt(row, col);
            default -> throw new IllegalStateException("not a weight dtype: " + dtype());
        };
    }

    /** The whole (small) weight as floats, decoded once. */
    float[] floats() {
        float[] v = asFloats;
        if (v == null) {
            long n = shape().elementCount();
            if (n > CACHED_VECTOR_LIMIT) {
                throw new IllegalStateException("weight " + name + " is too large to keep decoded");
            }
            v = new float[(int) n];
            for (int r = 0; r < rows(); r++) {
                decodeRow(r, v, r * cols());
            }
            asFloats = v;
        }
        return v;
    }

    @Override
    void decodeRow(int row, float[] dst, int offset) {
        checkLive();
        int cols = cols();
        long base = (long) row * cols;
        MemorySegment d = data;
        if (VectorMath.VECTOR_API && (dtype() == DType.BF16 || (dtype() == DType.F8_E4M3 && fp8Scales != null))) {
            SimdDecode.decodeRow(this, row, dst, offset);
            return;
        }
        switch (dtype()) {
            case F32 -> MemorySegment.copy(d, F32, base * 4, dst, offset, cols);
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
        if (own != null) {
            own.close();
        }
    }
}
