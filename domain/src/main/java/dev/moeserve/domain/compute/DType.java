package dev.moeserve.domain.compute;

/**
 * Element types a tensor can hold. Weights keep the type they are stored in; activations are
 * {@link #F32} (or {@link #I32} for indices).
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4),
    /** bfloat16: the upper half of an F32. */
    BF16(2),
    /** IEEE 754 binary16. */
    F16(2),
    /**
     * 8-bit float e4m3fn (exponent bias 7, no infinities, max 448). Always paired with
     * {@link BlockScales}: the real value is {@code fp8 * scale_inv[row / blockRows][col / blockCols]}.
     */
    F8_E4M3(1),
    /** 32-bit signed integer (token and expert indices). */
    I32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** Bytes needed for {@code elements} values of this type. */
    public long bytesFor(long elements) {
        return Math.multiplyExact(elements, (long) byteSize);
    }
}
