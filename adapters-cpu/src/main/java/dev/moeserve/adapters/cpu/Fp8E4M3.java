package dev.moeserve.adapters.cpu;

/** Decoding of 8-bit e4m3fn floats: exponent bias 7, no infinities, 0x7F/0xFF are NaN, max 448. */
final class Fp8E4M3 {
    private static final float[] VALUES = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            int exponent = (b >>> 3) & 0xF;
            int mantissa = b & 0x7;
            float magnitude;
            if (exponent == 0xF && mantissa == 0x7) {
                magnitude = Float.NaN;
            } else if (exponent == 0) {
                magnitude = mantissa / 8f * 0x1p-6f; // subnormal
            } else {
                magnitude = (1 + mantissa / 8f) * Math.scalb(1f, exponent - 7);
            }
            VALUES[b] = (b & 0x80) != 0 ? -magnitude : magnitude;
        }
    }

    private Fp8E4M3() {
    }

    static float decode(byte bits) {
        return VALUES[bits & 0xFF];
    }
}
