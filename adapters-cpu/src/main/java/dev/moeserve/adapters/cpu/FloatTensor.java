package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Shape;

/** An F32 activation tensor on the Java heap. */
final class FloatTensor extends CpuTensor {
    private float[] data;

    FloatTensor(Shape shape) {
        this(shape, new float[Math.toIntExact(shape.elementCount())]);
    }

    /** Over {@code data}, which must hold exactly the shape's elements (zeroed, for a fresh tensor). */
    FloatTensor(Shape shape, float[] data) {
        super(DType.F32, shape);
        if (data.length != shape.elementCount()) {
            throw new IllegalArgumentException(shape + " needs " + shape.elementCount() + " floats, got " + data.length);
        }
        this.data = data;
    }

    /** Frees this tensor and hands its array over (for reuse); null if it was already freed. */
    float[] release() {
        float[] d = data;
        free();
        return d;
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
