package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;

/** A tensor in CPU memory. Seen as a matrix [rows, last dimension] by the kernels. */
abstract sealed class CpuTensor implements Tensor permits FloatTensor, IntTensor, WeightTensor, ExpertStack {
    private final DType dtype;
    private final Shape shape;
    private volatile boolean freed;

    CpuTensor(DType dtype, Shape shape) {
        this.dtype = dtype;
        this.shape = shape;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    /** Rows when viewed as [rows, cols]. */
    final int rows() {
        return Math.toIntExact(shape.rows());
    }

    /** The innermost dimension. */
    final int cols() {
        return shape.last();
    }

    /** Decodes row {@code row} (of {@code cols()} values) into {@code dst} at {@code offset} as F32. */
    abstract void decodeRow(int row, float[] dst, int offset);

    final void checkLive() {
        if (freed) {
            throw new IllegalStateException("tensor " + dtype + " " + shape + " was freed");
        }
    }

    void free() {
        freed = true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + dtype + " " + shape + ")";
    }
}
