package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Shape;

/** An F32 activation tensor on the Java heap. */
final class FloatTensor extends CpuTensor {
    private float[] data;

    FloatTensor(Shape shape) {
        super(DType.F32, shape);
        this.data = new float[Math.toIntExact(shape.elementCount())];
    }

    float[] data() {
        checkLive();
        return data;
    }

    @Override
    void decodeRow(int row, float[] dst, int offset) {
        int cols = cols();
        System.arraycopy(data(), row * cols, dst, offset, cols);
    }

    @Override
    void free() {
        super.free();
        data = null;
    }
}
