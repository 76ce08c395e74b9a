package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/**
 * Random weights in every stored format, each with its exact values as doubles (decoded here
 * independently of the backend) for scalar reference computations.
 */
record TestWeights(HostTensor host, double[] values, int rows, int cols) {

    static TestWeights random(Random random, DType dtype, int rows, int cols) {
        return random(random, dtype, rows, cols, 4, 8);
    }

    /** Like {@link #random(Random, DType, int, int)}, with F8_E4M3 block scales of the given block size. */
    static TestWeights random(Random random, DType dtype, int rows, int cols, int blockRows, int blockCols) {
        int n = rows * cols;
        double[] values = new double[n];
        return switch (dtype) {
            case F32 -> {
                ByteBuffer b = le(n * 4);
                for (int i = 0; i < n; i++) {
                    float v = (float) random.nextGaussian();
                    values[i] = v;
                    b.putFloat(v);
                }
                yield new TestWeights(host(dtype, rows, cols, b, null), values, rows, cols);
            }
            case BF16 -> {
                ByteBuffer b = le(n * 2);
                for (int i = 0; i < n; i++) {
                    short bits = (short) (Float.floatToRawIntBits((float) random.nextGaussian()) >>> 16);
                    values[i] = Float.intBitsToFloat((bits & 0xFFFF) << 16);
                    b.putShort(bits);
                }
                yield new TestWeights(host(dtype, rows, cols, b, null), values, rows, cols);
            }
            case F16 -> {
                ByteBuffer b = le(n * 2);
                for (int i = 0; i < n; i++) {
                    short bits = Float.floatToFloat16((float) random.nextGaussian());
                    values[i] = Float.float16ToFloat(bits);
                    b.putShort(bits);
                }
                yield new TestWeights(host(dtype, rows, cols, b, null), values, rows, cols);
            }
            case F8_E4M3 -> {
                Shape scaleShape = BlockScales.expectedShape(rows, cols, blockRows, blockCols);
                float[] scales = new float[(int) scaleShape.elementCount()];
                ByteBuffer s = le(scales.length * 4);
                for (int i = 0; i < scales.length; i++) {
                    scales[i] = 0.01f + random.nextFloat() * 0.05f;
                    s.putFloat(scales[i]);
                }
                ByteBuffer b = le(n);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int bits;
                        do {
                            bits = random.nextInt(256);
                        } while ((bits & 0x7F) == 0x7F); // skip NaN
                        b.put((byte) bits);
                        float scale = scales[(r / blockRows) * scaleShape.dim(1) + c / blockCols];
                        values[r * cols + c] = (float) (e4m3(bits) * scale);
                    }
                }
                BlockScales block = new BlockScales(scaleShape, MemorySegment.ofArray(s.array()), blockRows, blockCols);
                yield new TestWeights(host(dtype, rows, cols, b, block), values, rows, cols);
            }
            default -> throw new IllegalArgumentException(dtype.toString());
        };
    }

    /** e4m3fn by its definition: sign, 4 exponent bits (bias 7), 3 mantissa bits, subnormals at exponent 0. */
    static double e4m3(int bits) {
        int sign = (bits & 0x80) != 0 ? -1 : 1;
        int exponent = (bits >> 3) & 0xF;
        int mantissa = bits & 7;
        double magnitude = exponent == 0 ? mantissa / 8.0 * Math.pow(2, -6) : (1 + mantissa / 8.0) * Math.pow(2, exponent - 7);
        return sign * magnitude;
    }

    private static HostTensor host(DType dtype, int rows, int cols, ByteBuffer bytes, BlockScales scales) {
        Shape shape = rows == 1 ? Shape.of(cols) : Shape.of(rows, cols);
        return new HostTensor("w", dtype, shape, MemorySegment.ofArray(bytes.array()), scales);
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    double at(int r, int c) {
        return values[r * cols + c];
    }

    static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
