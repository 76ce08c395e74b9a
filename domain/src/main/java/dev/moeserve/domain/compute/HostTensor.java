package dev.moeserve.domain.compute;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.Optional;

/**
 * A tensor in host memory in its stored format, ready to {@link ComputeBackend#upload upload}:
 * typically a slice of a memory-mapped checkpoint file, so nothing is copied onto the heap.
 * Values are little-endian and row-major.
 *
 * @param name   where it came from, for error messages (a checkpoint tensor name)
 * @param dtype  the stored element type
 * @param shape  dimensions, outermost first
 * @param data   exactly {@code dtype.bytesFor(shape.elementCount())} bytes
 * @param scales block scales; required for {@link DType#F8_E4M3}, absent otherwise (null)
 */
public record HostTensor(String name, DType dtype, Shape shape, MemorySegment data, BlockScales scales) {
    public HostTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long expected = dtype.bytesFor(shape.elementCount());
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor " + name + " (" + dtype + " " + shape + ") needs " + expected
                    + " bytes, got " + data.byteSize());
        }
        if (dtype == DType.F8_E4M3) {
            if (scales == null) {
                throw new IllegalArgumentException("tensor " + name + " is F8_E4M3 but has no block scales");
            }
            if (shape.rank() != 2) {
                throw new IllegalArgumentException("tensor " + name + " is F8_E4M3 but not 2-D: " + shape);
            }
            Shape want = BlockScales.expectedShape(shape.dim(0), shape.dim(1), scales.blockRows(), scales.blockCols());
            if (!want.equals(scales.shape())) {
                throw new IllegalArgumentException("block scales of " + name + " have shape " + scales.shape()
                        + ", expected " + want + " for " + shape + " in blocks of [" + scales.blockRows() + ", "
                        + scales.blockCols() + "]");
            }
        } else if (scales != null) {
            throw new IllegalArgumentException("tensor " + name + " is " + dtype + "; only F8_E4M3 takes block scales");
        }
    }

    /** A tensor without block scales. */
    public static HostTensor of(String name, DType dtype, Shape shape, MemorySegment data) {
        return new HostTensor(name, dtype, shape, data, null);
    }

    /** F32 values from a heap array (small tables the domain computes, tests). */
    public static HostTensor ofFloats(String name, float[] values, int... dims) {
        return of(name, DType.F32, Shape.of(dims), MemorySegment.ofArray(values));
    }

    public Optional<BlockScales> blockScales() {
        return Optional.ofNullable(scales);
    }

    /** Stored bytes including the block scales. */
    public long byteSize() {
        return data.byteSize() + (scales == null ? 0 : scales.data().byteSize());
    }
}
