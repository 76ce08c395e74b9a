package dev.moeserve.domain.compute;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Per-block dequantization factors of a block-quantized weight (DeepSeek-V3's {@code *_scale_inv}):
 * F32 values of shape {@code [ceil(rows / blockRows), ceil(cols / blockCols)]}; a partial edge
 * block uses the scale of its own block.
 *
 * @param shape     [ceil(rows / blockRows), ceil(cols / blockCols)]
 * @param data      little-endian F32 values, row-major
 * @param blockRows rows per block (128 in DeepSeek-V3)
 * @param blockCols columns per block (128 in DeepSeek-V3)
 */
public record BlockScales(Shape shape, MemorySegment data, int blockRows, int blockCols) {
    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public BlockScales {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (blockRows <= 0 || blockCols <= 0) {
            throw new IllegalArgumentException("block size must be positive, got [" + blockRows + ", " + blockCols + "]");
        }
        if (shape.rank() != 2) {
            throw new IllegalArgumentException("block scales must be 2-D, got " + shape);
        }
        if (data.byteSize() != DType.F32.bytesFor(shape.elementCount())) {
            throw new IllegalArgumentException("block scales " + shape + " need " + DType.F32.bytesFor(shape.elementCount())
                    + " bytes, got " + data.byteSize());
        }
    }

    /** The shape the scales of a {@code [rows, cols]} weight must have. */
    public static Shape expectedShape(int rows, int cols, int blockRows, int blockCols) {
        return Shape.of(Math.ceilDiv(rows, blockRows), Math.ceilDiv(cols, blockCols));
    }

    /** The scale of the block holding weight element {@code [row, col]}. */
    public float scaleAt(int row, int col) {
        long index = (long) (row / blockRows) * shape.dim(1) + col / blockCols;
        return data.get(F32_LE, index * Float.BYTES);
    }
}
