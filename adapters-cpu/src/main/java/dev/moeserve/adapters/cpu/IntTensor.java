package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Shape;

/** An I32 tensor (indices) on the Java heap. */
final class IntTensor extends CpuTensor {
    private int[] data;

    IntTensor(Shape shape) {
        super(DType.I32, shape);
        this.data = new int[Math.toIntExact(shape.elementCount())];
    }

    int[] data() {
        checkLive();
        return data;
    }

    @Override
    void decodeRow(int row, float[] dst, int offset) {
        throw new IllegalArgumentException("an I32 tensor is not a float operand");
    }

    @Override
    void free() {
        super.free();
        data = null;
    }
}
